"""The explorables, driven in Chromium, against what Keras computes in a new process here.

Each explorable is driven over a grid of settings through its own controls, and what the page
then shows is compared with Keras's result for the same setting (``keras_reference.py``):
bit for bit for the layer's outputs (the page says "as Keras computes them in float32"),
exactly for shapes, counts and steps, and to the four significant digits the page prints for
losses and kernel moves. Both editions; every control must change what the page shows; the
keyboard alone works them; no console errors; with scripts off the fallback shows.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from chromium import skip_without_chromium
from keras_reference import DIAGRAM_GRID, EPOCHS, TRAINING_RUNS

pytestmark = pytest.mark.build
skip_without_chromium()

EDITIONS = ["", "zh-tw/"]
#: The largest script an explorable may load, uncompressed (the issue's budget).
MAX_SCRIPT_BYTES = 15 * 1024
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
TUPLE = re.compile(r"\((?:\d+(?:, )?)*,?\)")


@pytest.fixture(scope="module")
def keras_says() -> dict[str, Any]:
    """Keras's results for every setting the tests drive, computed in a new process."""
    script = Path(__file__).with_name("keras_reference.py")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout)


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page that records console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("console", lambda m: m.type == "error" and errors.append(m.text))
    opened.on("pageerror", lambda e: errors.append(str(e)))
    yield opened
    context.close()
    assert errors == []


def _explorable(kind: str) -> str:
    return f'.densebook-explorable[data-kind="{kind}"]'


# Sets controls by name (value, then the event a reader's change fires) and returns the
# text of the explorable's result after each setting.
DRIVE = """([selector, result, settings]) => {
  const root = document.querySelector(selector);
  return settings.map((setting) => {
    for (const [name, value] of setting) {
      const control = root.querySelector(`[name="${name}"]`);
      control.value = String(value);
      control.dispatchEvent(new Event(control.tagName === "SELECT" ? "change" : "input",
                                      {bubbles: true}));
    }
    return root.querySelector(result).textContent;
  });
}"""


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_posts_layer_outputs_what_keras_computes_bit_for_bit(
    page: Any, server: str, edition: str, keras_says: dict[str, Any]
) -> None:
    page.goto(f"{server}/{edition}shapes.html", wait_until="load")
    root = page.locator(_explorable("diagram"))
    data = json.loads(root.locator(".densebook-data").text_content())
    assert data["kernel"] == keras_says["diagram"]["kernel"]  # the page's weights are Keras's
    assert "[]" in root.locator(".densebook-weights").text_content()
    assert root.locator(".densebook-outputs").text_content() == "—"
    root.locator(".densebook-call").click()
    assert "(2, 4)" in root.locator(".densebook-weights").text_content()
    settings = [[["x0", x0], ["x1", x1], ["b", b]] for x0, x1, b in DIAGRAM_GRID]
    shown = page.evaluate(DRIVE, [_explorable("diagram"), ".densebook-outputs", settings])
    assert len(shown) == len(DIAGRAM_GRID) >= 50
    differing = []
    for setting, text, expected in zip(
        DIAGRAM_GRID, shown, keras_says["diagram"]["outputs"], strict=True
    ):
        values = np.array([np.float32(float(v)) for v in NUMBER.findall(text)])
        if not np.array_equal(values, np.array(expected, dtype=np.float32)):
            differing.append((setting, text, expected))
    assert differing == [], differing[:5]


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_shapes_are_the_ones_keras_built(
    page: Any, server: str, edition: str, keras_says: dict[str, Any]
) -> None:
    page.goto(f"{server}/{edition}shapes.html", wait_until="load")
    keys = sorted(keras_says["shapes"])
    settings = []
    for key in keys:
        lead, last, units = key.split("|")
        axes = lead.split(",")
        chosen = [["rank", len(axes) + 1]] + [[f"axis{n}", v] for n, v in enumerate(axes)]
        settings.append([*chosen, ["last", last], ["units", units]])
    shown = page.evaluate(DRIVE, [_explorable("shapes"), ".densebook-shapes", settings])
    assert len(shown) == len(keys) >= 50
    for key, text in zip(keys, shown, strict=True):
        *shapes, params = keras_says["shapes"][key]
        tuples = [str(tuple(shape)) for shape in shapes]
        assert TUPLE.findall(text) == tuples, (key, text)
        assert NUMBER.findall(text)[-1] == str(params), (key, text)


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_training_run_is_the_one_keras_fit_ran(
    page: Any, server: str, edition: str, keras_says: dict[str, Any]
) -> None:
    page.goto(f"{server}/{edition}training.html", wait_until="load")
    settings, expected = [], []
    for rate, batch in TRAINING_RUNS:
        run = keras_says["training"][f"{rate}|{batch}"]
        for epoch in range(1, EPOCHS + 1):
            settings.append([["rate", rate], ["batch", batch], ["epochs", epoch]])
            i = epoch - 1
            expected.append((epoch, run["steps"][i], run["loss"][i], run["move"][i]))
    shown = page.evaluate(DRIVE, [_explorable("training"), ".densebook-training", settings])
    assert len(shown) == len(settings) >= 50
    for text, (epoch, steps, loss, move) in zip(shown, expected, strict=True):
        numbers = [float(n) for n in NUMBER.findall(text)]
        assert numbers[:2] == [epoch, steps], text
        # Printed to four significant digits: within half a unit of the fourth.
        assert numbers[2] == pytest.approx(loss, rel=5e-4, abs=1e-30), text
        assert numbers[3] == pytest.approx(move, rel=5e-4, abs=1e-30), text


CONTROLS = {
    ("shapes.html", "diagram", ".densebook-outputs"): [("x0", "2.5"), ("x1", "-1"), ("b", "3")],
    ("shapes.html", "shapes", ".densebook-shapes"): [
        ("rank", "4"),
        ("axis0", "1"),
        ("axis1", "1"),
        ("axis2", "1"),
        ("last", "5"),
        ("units", "1"),
    ],
    ("training.html", "training", ".densebook-training"): [
        ("rate", "4.5"),
        ("batch", "10"),
        ("epochs", "3"),
    ],
}


@pytest.mark.parametrize("where", list(CONTROLS), ids=lambda w: w[1])
def test_every_control_changes_what_the_page_shows(page: Any, server: str, where: Any) -> None:
    path, kind, result = where
    page.goto(f"{server}/{path}", wait_until="load")
    root = page.locator(_explorable(kind))
    if kind == "diagram":
        before = root.locator(result).text_content()
        root.locator(".densebook-call").click()
        assert root.locator(result).text_content() != before  # the call control
    for name, value in CONTROLS[where]:
        before = root.locator(result).text_content()
        page.evaluate(DRIVE, [_explorable(kind), result, [[[name, value]]]])
        assert root.locator(result).text_content() != before, name


def test_the_keyboard_alone_works_each_explorable(page: Any, server: str) -> None:
    page.goto(f"{server}/shapes.html", wait_until="load")
    diagram = page.locator(_explorable("diagram"))
    diagram.locator(".densebook-call").focus()
    page.keyboard.press("Enter")
    assert "(2, 4)" in diagram.locator(".densebook-weights").text_content()
    diagram.locator('input[name="b"]').focus()
    page.keyboard.press("Tab")  # to the first connection: input 0, unit 0
    page.keyboard.press("Tab")  # input 0, unit 1
    assert diagram.locator(".densebook-formula").text_content().startswith("y1 = ")
    highlighted = diagram.locator(".densebook-kernel td.densebook-on")
    assert highlighted.count() == 1
    assert (highlighted.get_attribute("data-i"), highlighted.get_attribute("data-j")) == ("0", "1")
    shapes = page.locator(_explorable("shapes"))
    before = shapes.locator(".densebook-shapes").text_content()
    shapes.locator('select[name="units"]').focus()
    page.keyboard.press("ArrowUp")
    assert shapes.locator(".densebook-shapes").text_content() != before
    question = page.locator(".densebook-predict").first
    question.locator("input[type=radio]").first.focus()
    page.keyboard.press("Space")
    assert question.locator(".densebook-predict-result").text_content() != ""
    page.goto(f"{server}/training.html", wait_until="load")
    training = page.locator(_explorable("training"))
    before = training.locator(".densebook-training").text_content()
    training.locator('input[name="epochs"]').focus()
    page.keyboard.press("ArrowLeft")
    assert training.locator(".densebook-training").text_content() != before


PREDICTS = {
    "shapes": "shapes.html",
    "training": "training.html",
    "lazy-weights": "lazy-weights.html",
}


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("name", list(PREDICTS))
def test_a_predict_question_marks_keras_answer_right_and_explains_each(
    page: Any, server: str, edition: str, name: str, keras_says: dict[str, Any]
) -> None:
    page.goto(f"{server}/{edition}{PREDICTS[name]}", wait_until="load")
    question = page.locator(".densebook-predict").first
    result = question.locator(".densebook-predict-result")
    assert question.locator(".densebook-predict-answer").is_hidden()
    choices = question.locator(".densebook-predict-choice")
    right = []
    for i in range(choices.count()):
        choice = choices.nth(i)
        choice.locator("input").check()
        verdict = result.locator("strong").text_content()
        why = " ".join(choice.locator(".densebook-predict-why").text_content().split())
        assert why
        assert why in " ".join(result.text_content().split())
        if choice.locator("input[data-correct]").count():
            label = choice.locator(".densebook-predict-label").text_content()
            right.append(label.split()[0])  # "20 weights", "20 個權重": its first word
            assert verdict == result.get_attribute("data-right")
        else:
            assert verdict == result.get_attribute("data-wrong")
    assert right == [str(keras_says["answers"][name])]


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_terms_definition_shows_on_focus_and_hover(page: Any, server: str, edition: str) -> None:
    page.goto(f"{server}/{edition}glossary.html", wait_until="load")
    definitions = {
        item.get_attribute("id"): item
        for item in page.locator("dl.glossary dt").all()
        if item.get_attribute("id")
    }
    glossary = {
        term_id: " ".join(
            dt.evaluate("dt => dt.nextElementSibling.innerText").replace("✓", "").split()
        )
        for term_id, dt in definitions.items()
    }
    # Every term link on four pages (62 links in each edition): focus it, read the tooltip.
    focus_each = """() => [...document.querySelectorAll('article a[href*="glossary.html#term-"]')]
      .map((link) => {
        link.focus();
        const tip = document.getElementById("densebook-term-tip");
        const shown = [link.hash.slice(1), tip.hidden ? null : tip.textContent,
                       link.getAttribute("aria-describedby")];
        link.blur();
        return shown;
      })"""
    checked = 0
    for name in ["index", "lazy-weights", "initialization", "training"]:
        page.goto(f"{server}/{edition}{name}.html", wait_until="load")
        for term_id, shown, described_by in page.evaluate(focus_each):
            assert shown is not None, (name, term_id)  # visible on focus
            assert described_by == "densebook-term-tip", (name, term_id)
            shown = " ".join(shown.split())  # the definition's first sentence
            assert glossary[term_id].startswith(shown), (name, shown, glossary[term_id])
            assert shown.endswith((".", "。")), shown
            checked += 1
    assert checked >= 50
    # By keyboard: Escape hides it; and the pointer shows it too.
    tip = page.locator("#densebook-term-tip")
    link = page.locator('article a[href*="glossary.html#term-"]').first
    link.focus()
    assert tip.is_visible()
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    link.hover()
    assert tip.is_visible()


@pytest.mark.parametrize("path", ["shapes.html", "training.html"])
def test_with_scripts_off_the_fallback_shows(browser: Any, server: str, path: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/{path}", wait_until="load")
    explorables = page.locator(".densebook-explorable")
    assert explorables.count() >= 1
    for i in range(explorables.count()):
        assert explorables.nth(i).locator(".densebook-fallback").is_visible()
        assert explorables.nth(i).locator(".densebook-live").is_hidden()
    answer = page.locator(".densebook-predict-answer").first
    assert answer.is_visible()
    answer.locator("summary").click()
    assert answer.locator(".densebook-predict-why").is_visible()
    context.close()


def test_the_chinese_edition_labels_its_controls_in_chinese(page: Any, server: str) -> None:
    labels = {}
    for edition in EDITIONS:
        page.goto(f"{server}/{edition}shapes.html", wait_until="load")
        labels[edition] = page.locator(".densebook-explorable label").evaluate_all(
            "labels => labels.map(l => l.firstChild.textContent.trim())"
        )
    assert len(labels[""]) == len(labels["zh-tw/"]) >= 5
    han = re.compile(r"[\u4e00-\u9fff]")
    translated = [(en, zh) for en, zh in zip(labels[""], labels["zh-tw/"], strict=True) if en != zh]
    # x0 and x1 are names, not words; every other label is translated.
    assert all(han.search(zh) for _, zh in translated), translated
    assert len(translated) >= len(labels[""]) - 2


def test_each_script_is_small(built_site: Path) -> None:
    for name in ("densebook-explorables.js", "densebook-terms.js"):
        size = (built_site / "_static" / name).stat().st_size
        assert size <= MAX_SCRIPT_BYTES, (name, size)
