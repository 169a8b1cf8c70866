"""The book's pages: each exists and shows the values its code computed at build time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import page_text
from sitebuild import ROOT

pytestmark = pytest.mark.build

BOOK = [
    "index",
    "lazy-weights",
    "initialization",
    "seeding",
    "shapes",
    "bias",
    "setting-weights",
    "training",
    "training-step",
    "errors",
    "kernel-meanings",
    "kernel-methods",
    "keras-versions",
]
# The chapters, with key points and exercises: every page of the book but the landing page
# and the errors page (a list of messages, each with its cause and fix).
CHAPTERS = [page for page in BOOK[1:] if page != "errors"]


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("page", [*BOOK, "glossary", "api"])
def test_page_exists(built_site: Path, page: str) -> None:
    assert (built_site / f"{page}.html").is_file()


@pytest.mark.parametrize("page", BOOK)
def test_page_ends_with_its_environment_stamp(built_site: Path, page: str) -> None:
    text = page_text(built_site, f"{page}.html")
    stamp = re.search(
        r"Python [\d.]+ · TensorFlow [\d.]+ · Keras 3[\d.]+ .*\n.*op determinism on", text
    )
    assert stamp, page
    assert "TF_ENABLE_ONEDNN_OPTS=0" in text[stamp.start() :]


@pytest.mark.parametrize("page", BOOK)
def test_no_hidden_assertion_code_or_stderr_reaches_the_reader(built_site: Path, page: str) -> None:
    """Outside the claims' proofs (their checks' code, shown on request) no assert shows."""
    soup = _soup(built_site, page)
    for proof in soup.select("details.densebook-claim-proof"):
        proof.decompose()
    html, text = str(soup), soup.get_text()
    assert "assert " not in text
    assert "stderr" not in html
    assert "Traceback" not in html


@pytest.mark.parametrize("page", BOOK)
def test_every_glued_value_was_filled_in(built_site: Path, page: str) -> None:
    soup = _soup(built_site, page)
    source = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
    n_glue_refs = source.count("{glue:text}")
    # MyST-NB renders each {glue:text} as an inline span of class "pasted-text".
    assert len(soup.select(".pasted-text")) == n_glue_refs


@pytest.mark.parametrize("page", BOOK)
def test_figures_have_alt_text_and_captions(built_site: Path, page: str) -> None:
    soup = _soup(built_site, page)
    for img in soup.select("article img"):
        assert img.get("alt", "").strip(), img
        assert img.find_parent("figure") is not None, img
        assert img.find_parent("figure").find("figcaption").get_text(strip=True)
        assert (built_site / img["src"]).is_file()


def test_landing_page_replays_the_post(built_site: Path) -> None:
    text = page_text(built_site, "index.html")
    # The post's cell in Keras 3: [] first, then Keras 3's own repr of both variables.
    assert re.search(r"^\[\]$", text, re.MULTILINE)
    assert re.search(r"\[<Variable path=dense/kernel, shape=\(2, 4\), dtype=float32, value=", text)
    assert "<Variable path=dense/bias, shape=(4,), dtype=float32, value=[0. 0. 0. 0.]>]" in text
    # The same cell in tf_keras, in the post's form.
    assert "[<tf.Variable 'dense/kernel:0' shape=(2, 4) dtype=float32, numpy=" in text
    # The claims table: one checked mark per row.
    soup = _soup(built_site, "index")
    rows = soup.select("article table tbody tr")
    assert len(rows) == 7
    assert all(row.select_one("a.densebook-claim-mark") for row in rows)
    # Reading times, computed: one per book page in the list, and the total.
    times = [int(t) for t in re.findall(r"\((\d+) min\)", text)]
    assert len(times) == 13
    assert all(t >= 1 for t in times)
    # Two totals: the core path ("Start here") and "Under the hood".
    totals = [int(t) for t in re.findall(r"about\s+(\d+) min\s+in\s+all", text)]
    assert len(totals) == 2
    assert sum(times) - len(times) < sum(totals) <= sum(times)


def test_lazy_weights_page(built_site: Path) -> None:
    text = page_text(built_site, "lazy-weights.html")
    assert "weights: []" in text
    # The custom layer's build() runs once, for the first of two calls.
    assert text.count("build() called with input_shape = (3, 4, 2)") == 1
    assert "build() called with input_shape = (5, 2)" not in text
    # Keras's own Dense.build, printed from the installed source, with its version and file.
    assert re.search(r"Keras 3\.[\d.]+ · keras/src/layers/core/dense\.py", text)
    assert "def build(self, input_shape):" in text
    assert "input_spec: InputSpec(min_ndim=2, axes={-1: 2})" in text
    assert "AttributeError: You must build the layer before accessing `kernel`" in text
    assert "Shapes used to initialize variables must be fully-defined" in text
    for way in ("call", "build", "Sequential", "Functional"):
        assert re.search(rf"{way}: built=True, kernel \(2, 4\)", text), way


def test_initialization_page(built_site: Path) -> None:
    text = page_text(built_site, "initialization.html")
    assert "limit = sqrt(6 / (512 + 256)) = 0.08838835" in text
    assert "seed, then Dense(4): same kernel twice = True" in text
    assert "Dense(4), then seed: same kernel twice = False" in text
    assert "Keras 3, tf.random.set_seed: same kernel twice = False" in text
    assert "Keras 2, tf.random.set_seed: same kernel twice = False" in text
    assert len(_soup(built_site, "initialization").select("article img")) == 2


CORE_PAGES_PRINTING_THE_KERNEL = ["index", "initialization", "kernel-meanings"]


def test_the_seeded_layer_prints_one_kernel_on_every_core_page(built_site: Path) -> None:
    """The landing page's GlorotUniform(seed=0) layer, printed again, shows the same numbers."""

    def seeded_kernel_output(page: str) -> str:
        for cell in _soup(built_site, page).select("div.cell"):
            source = cell.select_one(".cell_input")
            if source and "GlorotUniform(seed=0)" in source.get_text():
                output = cell.select_one(".cell_output")
                printed = re.search(r"\[\[.*?\]\]", output.get_text(), re.S) if output else None
                if printed:
                    return " ".join(printed.group().split())
        raise AssertionError(f"{page}: no printed kernel of the seeded layer")

    kernels = {page: seeded_kernel_output(page) for page in CORE_PAGES_PRINTING_THE_KERNEL}
    assert len(set(kernels.values())) == 1, kernels


def test_training_page(built_site: Path) -> None:
    text = page_text(built_site, "training.html")
    assert "steps per epoch: ceil(100 / 32) = 4" in text
    assert "steps taken: 80 = 80" in text
    assert "taken:     50" in text
    assert len(_soup(built_site, "training").select("article img")) == 1


def test_seeding_page(built_site: Path) -> None:
    text = page_text(built_site, "seeding.html")
    assert "fan_in=2, fan_out=4, limit=1.0" in text
    assert "every weight within the limit: True" in text
    assert "kernel initializer: GlorotUniform" in text
    assert "identical: True" in text
    digests = re.findall(r"(?:new process|this page): +([0-9a-f]{64})", text)
    assert len(digests) == 2
    assert len(set(digests)) == 1


def test_shapes_page(built_site: Path) -> None:
    text = page_text(built_site, "shapes.html")
    assert "input (3, 4, 2) -> kernel (2, 4) -> output (3, 4, 4)" in text
    assert "number of kernel weights: 8" in text
    assert len(_soup(built_site, "shapes").select("article img")) == 2


def test_bias_page(built_site: Path) -> None:
    text = page_text(built_site, "bias.html")
    assert "new bias: [0. 0. 0. 0.]" in text
    assert "[['kernel', 'bias'], ['kernel']]" in text
    assert "activations: linear and relu" in text
    assert len(_soup(built_site, "bias").select("article img")) == 1


def test_kernel_meanings_page(built_site: Path) -> None:
    text = " ".join(page_text(built_site, "kernel-meanings.html").split())
    assert "dense/kernel (2, 4)" in text
    assert "conv2d/kernel (3, 3, 1, 8)" in text
    assert "Conv2D: ['conv2d/kernel', 'conv2d/bias']" in text
    assert "line on the 64 relu features: 100%" in text
    soup = _soup(built_site, "kernel-meanings")
    assert len(soup.select("article img")) == 1
    assert len(soup.select("div.cell:not(.tag_remove-cell) div.cell_input")) <= 10


def test_training_step_page(built_site: Path) -> None:
    # The forward pass on rank-3 input, by hand: one matrix multiplication over its rows.
    text = " ".join(page_text(built_site, "training-step.html").split())
    match = re.search(r"rows: \(6, 2\) -> by hand: \(2, 3, 3\) layer: \(2, 3, 3\)", text)
    assert match, text[:200]
    difference = re.search(r"largest difference: ([\d.e+-]+)", text)
    assert difference
    assert float(difference.group(1)) < 1e-6


def test_kernel_methods_page(built_site: Path) -> None:
    text = " ".join(page_text(built_site, "kernel-methods.html").split())

    def printed(pattern: str) -> str:
        match = re.search(pattern, text)
        assert match, pattern
        return match.group(1)

    assert "least squares on (x, y, x² + y²): accuracy 100.0%" in text
    least_squares = printed(r"least-squares line: accuracy ([\d.]+)%")
    best = printed(r"best line \(every line tried\): accuracy ([\d.]+)%")
    assert float(least_squares) < float(best) < 100.0
    assert f"No line at all does better than {best}%" in text  # the glued prose agrees
    assert printed(r"least squares on the layer outputs: accuracy ([\d.]+)%") == least_squares
    assert float(printed(r"least squares on the ReLU features: accuracy ([\d.]+)%")) > 95.0
    assert "(2x) @ W == 2 (x @ W), linear: True" in text
    assert "layer(2x) == 2 layer(x): False" in text
    assert "layer(2x) - b == 2 (layer(x) - b): True" in text
    assert "the polynomial kernel of degree two" in text
    assert "Nadaraya\u2013Watson estimator" in text
    assert re.search(r"\d+ kernels registered for MatMul", text)
    assert "IPythonKernel from ipykernel" in text
    soup = _soup(built_site, "kernel-methods")
    assert len(soup.select("article img")) == 2
    links = {a["href"] for a in soup.select("article a[href^='https://']")}
    assert "https://keras.io/api/layers/core_layers/dense/" in links
    assert "https://en.wikipedia.org/wiki/Kernel_regression" in links


def test_keras_versions_page_shows_both_reprs(built_site: Path) -> None:
    text = page_text(built_site, "keras-versions.html")
    assert "<Variable path=dense/kernel, shape=(2, 4), dtype=float32" in text
    assert "<tf.Variable 'dense/kernel:0' shape=(2, 4) dtype=float32" in text
    assert "dense_5/kernel:0" in text


def test_math_is_mathml_and_no_page_ships_a_math_script(built_site: Path) -> None:
    soup = _soup(built_site, "initialization")
    [formula] = soup.select("div.math math[display='block']")
    assert formula.find("mfrac") is not None
    assert formula.find("msqrt") is not None
    assert formula["alttext"].startswith(r"\text{limit} = \sqrt{\frac{6}")
    pages = [
        BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in built_site.rglob("*.html")
    ]
    scripts = {s.get("src", "") for page in pages for s in page.find_all("script")}
    assert scripts
    assert not [src for src in scripts if "mathjax" in src.lower()]
    assert not (built_site / "_static" / "mathjax").exists()


@pytest.mark.parametrize("page", BOOK)
def test_page_links_its_notebook_and_myst_source(built_site: Path, page: str) -> None:
    import json

    links = [a["href"] for a in _soup(built_site, page).select(".page-downloads a")]
    assert links == [f"_downloads/{page}.ipynb", f"_sources/{page}.md.txt"]
    saved_as = [a.get("download") for a in _soup(built_site, page).select(".page-downloads a")]
    assert saved_as == ["", f"{page}.md"]
    notebook = json.loads((built_site / links[0]).read_text())
    outputs = [o for cell in notebook["cells"] for o in cell.get("outputs", [])]
    assert outputs  # executed, with its outputs
    shown = page_text(built_site, f"{page}.html")
    for cell in notebook["cells"]:
        streams = [o for o in cell.get("outputs", []) if o["output_type"] == "stream"]
        assert len(streams) == len({o["name"] for o in streams})  # merged, as on the page
        for stream in streams:  # the same text the reader sees, each line once (Keras's
            # ANSI bold in an error message is shown as bold text, without its escapes)
            text = re.sub(r"\x1b\[[0-9;]*m", "", "".join(stream["text"]))
            assert text.strip() in shown
    mime_types = {key for o in outputs for key in o.get("data", {})}
    assert not any(m.startswith("application/papermill.record/") for m in mime_types)
    assert (built_site / links[1]).read_bytes() == (ROOT / "docs" / f"{page}.md").read_bytes()


def test_keras_versions_are_compared_in_tabs(built_site: Path) -> None:
    tabs = _soup(built_site, "keras-versions").select(".sd-tab-set")
    assert len(tabs) == 1
    labels = [label.get_text(strip=True) for label in tabs[0].select("label")]
    assert labels == ["Keras 3 (keras)", "Keras 2 (tf_keras)"]
    text = tabs[0].get_text()
    assert "<Variable path=dense/kernel" in text
    assert "<tf.Variable 'dense/kernel:0'" in text


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_opens_with_three_to_five_key_points(built_site: Path, page: str) -> None:
    article = _soup(built_site, page).select_one("article")
    boxes = article.select(".admonition.key-points")
    assert len(boxes) == 1, page
    assert boxes[0].select_one(".admonition-title").get_text(strip=True) == "Key points"
    assert 3 <= len(boxes[0].select("li")) <= 5
    first_section = article.select_one("section section")  # the first "##" section
    assert first_section is not None
    # The box comes before the first section: it opens the chapter.
    assert boxes[0].find_parent("section") is first_section.find_parent("section")


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_ends_with_exercises_with_executed_collapsed_solutions(
    built_site: Path, page: str
) -> None:
    article = _soup(built_site, page).select_one("article")
    sections = article.select("section#exercises")
    assert len(sections) == 1, page
    exercises = sections[0].select("section")
    assert 1 <= len(exercises) <= 2
    for exercise in exercises:
        assert exercise.select_one("h3").get_text(strip=True).startswith("Exercise")
        solutions = exercise.select(".cell.tag_hide-cell")
        assert solutions, exercise.select_one("h3").get_text()
        for solution in solutions:
            assert solution.select_one("details"), "the solution is collapsed"
            assert solution.select_one(".cell_output"), "the solution was executed"
    later = [s.get("id") for s in sections[0].find_next_siblings("section")]
    assert later in (["environment"], ["environment", "checks-on-this-page"]), later


def _glossary_terms(site: Path) -> dict[str, str]:
    """Each glossary term's anchor id, by term."""
    soup = _soup(site, "glossary")
    return {dt.get_text(strip=True).rstrip("¶"): dt["id"] for dt in soup.select("dl.glossary dt")}


def test_glossary_has_at_least_twenty_terms_each_with_its_taiwan_term(built_site: Path) -> None:
    soup = _soup(built_site, "glossary")
    entries = soup.select("dl.glossary > dt")
    assert len(entries) >= 20
    for dt in entries:
        definition = dt.find_next_sibling("dd").get_text(" ", strip=True)
        assert re.search(r"zh-TW: [\u4e00-\u9fff]", definition), dt.get_text()


@pytest.mark.parametrize("page", BOOK)
def test_chapter_links_each_glossary_term_it_uses(built_site: Path, page: str) -> None:
    """A glossary term that appears in a page's prose is linked to the glossary there."""
    article = _soup(built_site, page).select_one("article")
    linked = {a["href"].split("#", 1)[1] for a in article.select('a[href^="glossary.html#"]')}
    # Code, outputs, figures, the text of links (a link cannot hold another) and the claims'
    # proofs (check code and version lists) are not prose.
    for hidden in article.select(
        "pre, code, .cell, .highlight, figure, h1, a, #checks-on-this-page"
    ):
        hidden.decompose()
    prose = " ".join(p.get_text(" ") for p in article.select("p, li"))
    missing = []
    for term, anchor in _glossary_terms(built_site).items():
        words = re.escape(term).replace("\\ ", "[ -]")
        if re.search(rf"\b{words}(s|es)?\b", prose, re.IGNORECASE) and anchor not in linked:
            missing.append(term)
    assert not missing, f"{page} uses but never links: {missing}"


@pytest.mark.parametrize("page", BOOK)
def test_code_a_reader_sees_fits_in_88_columns(page: str) -> None:
    """Every line of every visible code cell is at most 88 characters (no sideways scroll)."""
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook((ROOT / "docs" / f"{page}.md").read_text("utf-8"))
    long_lines = [
        line
        for cell in notebook.cells
        if cell.cell_type == "code" and "remove-cell" not in cell.metadata.get("tags", [])
        for line in cell.source.splitlines()
        if len(line) > 88
    ]
    assert not long_lines, long_lines


#: The core path's reading time in all: "about 45 minutes", held to within 5 %.
CORE_PATH_MINUTES = 47
#: The landing page: the post answered "in ten minutes".
LANDING_MINUTES = 10


def test_each_page_of_the_core_path_is_short(english_doctrees: Path, built_site: Path) -> None:
    """Each "Start here" page: at most 1,000 words of prose and 10 visible code cells, counted
    as its reading time counts them (before the claims' proofs are added to the page); the
    path in all about 45 minutes, and the landing page ten."""
    import pickle

    from docutils import nodes

    from densebook_sphinx.claims.markers import claim_proof
    from densebook_sphinx.html.reading_time import count, minutes
    from helpers import navigation

    def counted(page: str) -> tuple[int, int, int]:
        doctree = pickle.loads((english_doctrees / f"{page}.doctree").read_bytes())
        for node in [*doctree.findall(claim_proof), *doctree.findall(nodes.section)]:
            if isinstance(node, claim_proof) or "checks-on-this-page" in node["ids"]:
                node.parent.remove(node)
        return count(doctree)

    times = {}
    for page in navigation(built_site)["Start here"]:
        words, han, cells = counted(page)
        assert words <= 1000, (page, words)
        assert cells <= 10, (page, cells)
        times[page] = minutes(words, han, cells)
    assert sum(times.values()) <= CORE_PATH_MINUTES, times
    assert minutes(*counted("index")) <= LANDING_MINUTES


PRIVATE_OR_HIDDEN = re.compile(
    r"\bkeras\.src\b|\btensorflow\.python\b|densebook\.(tf_and_keras|build_dense)\b"
)


@pytest.mark.parametrize("page", [*BOOK, "backends"])
def test_code_a_reader_sees_is_public_keras(page: str) -> None:
    """No visible cell imports ``keras.src`` or ``tensorflow.python``, or hides Keras's own
    lines behind densebook's set-up and layer helpers; the page's settings sit in a hidden
    first cell tagged ``page-setup``."""
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook((ROOT / "docs" / f"{page}.md").read_text("utf-8"))
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    hidden = {"remove-cell", "remove-input"}
    offending = [
        line
        for cell in code
        if not hidden & set(cell.metadata.get("tags", []))
        for line in cell.source.splitlines()
        if PRIVATE_OR_HIDDEN.search(line)
    ]
    assert not offending, offending
    if code:
        assert "page-setup" in code[0].metadata.get("tags", []), code[0].source[:80]


@pytest.mark.parametrize("page", ["bias", "setting-weights"])
def test_a_model_summary_shows_as_one_block(built_site: Path, page: str) -> None:
    outputs = [
        div.get_text()
        for div in _soup(built_site, page).select("div.cell_output div.output")
        if "Model: " in div.get_text() or "params:" in div.get_text()
    ]
    assert outputs
    # Title, table and counts in one output: no count split from its table.
    assert [text for text in outputs if "Model: " not in text or "Total params:" not in text] == []
