"""The zh_TW catalogs (docs/locales) and densebook_sphinx/editions/catalogs.py, which keeps
them up to date.

A message that is missing, fuzzy, or changed in English fails the Chinese build itself
(densebook_sphinx/editions/translation_guard.py); these tests read the catalogs directly, in
milliseconds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from densebook_sphinx.editions.catalogs import (
    EXTENSION_MESSAGES,
    main,
    theme_template,
    update_all,
    update_catalog,
)
from sitebuild import ROOT

LOCALES = ROOT / "docs" / "locales" / "zh_TW" / "LC_MESSAGES"
PAGES = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
CODE = re.compile(r"(?<![`}])`([^`]+)`")
URL = re.compile(r"\]\(([^)\s]+)\)")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _catalog(name: str) -> Catalog:
    with (LOCALES / f"{name}.po").open("rb") as handle:
        return read_po(handle, locale="zh_TW")


def _from_page(message: object) -> bool:
    """Whether a message comes from a page's own text (not from a docstring)."""
    return any(path.startswith("../../docs/") for path, _ in message.locations)  # type: ignore[attr-defined]


def _target(role: str, content: str) -> str:
    if role.startswith("glue"):
        return content
    explicit = re.match(r"^(.*?)\s*<([^<>]+)>$", content, re.DOTALL)
    return (explicit.group(2) if explicit else content).strip()


def markup(text: str) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """The roles (with their targets), code spans and link URLs of a message."""
    roles = sorted((role, _target(role, content)) for role, content in ROLE.findall(text))
    without_roles = ROLE.sub("", text)
    return roles, sorted(CODE.findall(without_roles)), sorted(URL.findall(text))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_complete_catalog(page: str) -> None:
    catalog = _catalog(page)
    messages = [m for m in catalog if m.id and _from_page(m)]
    assert messages, page
    assert not [m.id for m in messages if m.fuzzy], "fuzzy: check and clear the flag"
    assert not [m.id for m in messages if not m.string], "untranslated"
    assert not catalog.obsolete


@pytest.mark.parametrize("page", PAGES)
def test_translations_keep_every_role_glue_key_code_span_and_link(page: str) -> None:
    problems = [
        f"{m.id[:70]!r}: {markup(m.id)} != {markup(m.string)}"
        for m in _catalog(page)
        if m.id and m.string and markup(m.id) != markup(m.string)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_translations_are_chinese(page: str) -> None:
    """Every message with words in it reads in Chinese, not copied English."""
    copied = [
        m.id
        for m in _catalog(page)
        if m.id
        and m.string
        and _from_page(m)
        and not CJK.search(m.string)
        and len(re.findall(r"\b[A-Za-z]{3,}\b", URL.sub("", ROLE.sub("", CODE.sub("", m.id))))) > 3
        and "\\" not in m.id  # math (TeX) is the same in every language
    ]
    assert not copied, copied


def agreed_terms() -> dict[str, str]:
    """Each glossary term and its agreed Taiwan form, from the English glossary."""
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    entries = re.findall(r"^([a-z_][\w -]*)\n((?:  .*\n)+)", text, re.MULTILINE)
    terms = {}
    for term, body in entries:
        found = re.search(r"zh-TW: ([\u4e00-\u9fff]+)", " ".join(body.split()))
        assert found, term
        terms[term] = found.group(1)
    return terms


def test_the_glossary_gives_an_agreed_form_for_every_term() -> None:
    terms = agreed_terms()
    assert len(terms) >= 20
    assert terms["weight"] == "權重"
    assert terms["bias"] == "偏差"
    assert terms["tensor"] == "張量"


def test_term_links_in_the_translations_use_the_agreed_chinese_form() -> None:
    terms = agreed_terms()
    wrong = []
    for page in PAGES:
        for message in _catalog(page):
            for role, content in ROLE.findall(message.string or ""):
                if role != "term":
                    continue
                shown, target = content, _target(role, content)
                if "<" in content:
                    shown = content.rsplit("<", 1)[0].strip()
                if "_" in target and shown == target:
                    continue  # a package name, such as tf_keras, may stay as it is
                if terms.get(target) and terms[target] not in shown:
                    wrong.append(f"{page}: {{term}}`{content}` should show {terms[target]}")
    assert not wrong, "\n".join(wrong)


#: Words the edition renders one way only (the glossary's terms are checked above): the
#: form it uses, and the other renderings a translation must not bring back.
ONE_RENDERING = {
    "return": ("傳回", re.compile(r"(?<!往)回傳")),  # 往回傳: "passed back", not "return"
    "bound": ("上界", re.compile("上限")),
    "copy": ("複本", re.compile("副本|複製品")),
    "drop, discard": ("捨棄", re.compile("丟棄")),
    "list": ("串列", re.compile("清單")),
    "truncated (normal)": ("截斷", re.compile("截尾")),
    "you": ("你", re.compile("您")),
    "The question:": ("**問題**：", re.compile(re.escape("**問題：**"))),
    "Reading time: about": ("**閱讀時間**：大約", re.compile(re.escape("**閱讀時間**：約"))),
}


def test_one_word_one_rendering_across_the_catalogs() -> None:
    found = [
        f"{name}.po: {other.pattern!r} for {english!r}, write {agreed!r}: {message.string[:60]}"
        for name in [*PAGES, "sphinx"]
        for message in _catalog(name)
        if isinstance(message.string, str)
        for english, (agreed, other) in ONE_RENDERING.items()
        if other.search(message.string)
    ]
    assert found == [], "\n".join(found)


def test_dtype_is_rendered_as_its_agreed_form() -> None:
    """Where the English says "dtype" in its prose, the Chinese says 資料型別 (a code
    comment's ``dtype=`` is the argument's name, kept as it is)."""
    missing = [
        f"{name}.po: {message.id[:60]}"
        for name in PAGES
        for message in _catalog(name)
        if isinstance(message.id, str)
        and message.string not in ("", message.id)  # a glossary term stays the English key
        and re.search(r"\bdtypes?\b(?!=)", CODE.sub("", ROLE.sub("", message.id)))
        and "資料型別" not in message.string
    ]
    assert missing == [], "\n".join(missing)


# The verbs of a layer's life (the contributing page states the rule): construct the
# object = 建立, build the layer = 建構, create the weights = 產生. "延遲建構的權重" is the
# title of the lazy-weights page (the weights of the lazy build), not the weights' making.
_MAKES_WEIGHTS_WRONGLY = re.compile(r"(?<!延遲)(?:建立|建構)出?的?(?:權重|核|偏差|變數)")
_CONSTRUCT = re.compile(r"\bconstruct(?:s|ed|ing|ion)?\b", re.IGNORECASE)
_CREATE_WEIGHTS = re.compile(
    r"\bcreat\w*\b[^.;:]{0,30}\b(?:weights?|variables?|kernel|bias)\b"
    r"|\b(?:weights?|variables?)\b[^.;:]{0,20}\bcreate[sd]\b",
    re.IGNORECASE,
)


def test_construct_build_and_create_keep_their_one_chinese_verb_each() -> None:
    """建立 a layer object, 建構 a layer, 產生 its weights: never 建立/建構 for the weights."""
    wrong = []
    for name in PAGES:
        for message in _catalog(name):
            if not isinstance(message.id, str) or message.string in ("", message.id):
                continue  # untranslated, or a glossary term (it stays the English key)
            english = CODE.sub("", ROLE.sub("", message.id))
            if found := _MAKES_WEIGHTS_WRONGLY.search(message.string):
                wrong.append(f"{name}.po: {found.group(0)} in {message.string[:50]}")
            if _CONSTRUCT.search(english) and "建立" not in message.string:
                wrong.append(f"{name}.po: construct without 建立: {message.id[:50]}")
            if _CREATE_WEIGHTS.search(english) and "產生" not in message.string:
                wrong.append(f"{name}.po: creating weights without 產生: {message.id[:50]}")
    assert wrong == [], "\n".join(wrong)


def test_theme_and_extension_text_is_translated() -> None:
    catalog = _catalog("sphinx")
    template = theme_template()
    for text in EXTENSION_MESSAGES:
        assert text in template
    missing = [
        m.id for m in template if m.id and not (catalog.get(m.id) and catalog.get(m.id).string)
    ]
    assert not missing, missing


def test_update_keeps_translations_marks_changed_ones_fuzzy_and_drops_removed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "page.po"
    first = Catalog(locale="zh_TW")
    first.add("The bias is added last.")
    first.add("A sentence that will go.")
    update_catalog(first, path, "zh_TW")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="zh_TW")
    catalog["The bias is added last."].string = "偏差最後才加上。"
    catalog["A sentence that will go."].string = "會被刪除的句子。"
    with path.open("wb") as handle:
        write_po(handle, catalog)
    second = Catalog(locale="zh_TW")
    second.add("The bias is added last!")  # the English changed
    second.add("A new sentence.")
    change = update_catalog(second, path, "zh_TW")
    with path.open("rb") as handle:
        updated = read_po(handle, locale="zh_TW")
    changed = updated["The bias is added last!"]
    assert changed.fuzzy
    assert changed.string == "偏差最後才加上。"
    assert updated["A new sentence."].string == ""
    assert "A sentence that will go." not in updated
    assert not updated.obsolete
    assert (change.added, change.fuzzy, change.dropped, change.untranslated) == (2, 1, 2, 1)


def test_update_writes_the_same_bytes_for_the_same_sources(tmp_path: Path) -> None:
    template = Catalog(locale=None, project="densebook")
    template.add("One message.", locations=[("docs/a.md", 3)])
    update_catalog(template, tmp_path / "a.po", "zh_TW")
    first = (tmp_path / "a.po").read_bytes()
    update_catalog(template, tmp_path / "a.po", "zh_TW")
    assert (tmp_path / "a.po").read_bytes() == first
    assert b"python-brace-format" not in first


def test_theme_template_reads_each_templates_text_with_its_place(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "page.html").write_text('<a>{{ _("Back to top") }}</a>\n{{ _("  ") }}\n')
    (tmp_path / "sub" / "nav.html").write_text('{# nav #}\n<p>{{ gettext("Contents") }}</p>\n')
    (tmp_path / "notes.txt").write_text('{{ _("Not a template") }}')
    template = theme_template(tmp_path)
    assert (template.domain, template.project) == ("sphinx", "densebook")
    assert template["Back to top"].locations == [("furo/page.html", 1)]
    assert template["Contents"].locations == [("furo/sub/nav.html", 2)]
    assert [m.id for m in template if m.id] == [
        "Back to top",
        "Contents",
        *EXTENSION_MESSAGES,
    ]  # blank text and files that are not .html give nothing
    assert all(template[text].locations == [("conf", 0)] for text in EXTENSION_MESSAGES)


def _write_template(path: Path, *messages: str) -> None:
    template = Catalog(project="densebook")
    for message in messages:
        template.add(message, locations=[("../../docs/page.md", 1)])
    with path.open("wb") as handle:
        write_po(handle, template)


def test_update_all_makes_one_catalog_per_page_and_the_sphinx_one_from_the_theme(
    tmp_path: Path,
) -> None:
    templates, locales = tmp_path / "gettext", tmp_path / "locales"
    templates.mkdir()
    _write_template(templates / "bias.pot", "The bias is added last.")
    _write_template(templates / "sphinx.pot", "Only in the builder's own template.")
    changes = update_all(templates, locales, "zh_TW")
    folder = locales / "zh_TW" / "LC_MESSAGES"
    assert [change.path for change in changes] == [folder / "bias.po", folder / "sphinx.po"]
    with (folder / "sphinx.po").open("rb") as handle:
        sphinx_catalog = read_po(handle, locale="zh_TW")
    assert "Only in the builder's own template." not in sphinx_catalog
    assert all(text in sphinx_catalog for text in EXTENSION_MESSAGES)
    assert (changes[0].added, changes[0].untranslated) == (1, 1)


def test_main_without_enough_arguments_prints_its_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["_build/gettext", "docs/locales"]) == 2
    assert capsys.readouterr().err == (
        "Usage: ``python -m densebook_sphinx.editions.catalogs <templates> <locales> "
        "<language>...``\n"
    )


def test_main_reports_each_catalog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = tmp_path / "gettext"
    templates.mkdir()
    _write_template(templates / "bias.pot", "One.", "Two.")
    assert main([str(templates), str(tmp_path / "locales"), "zh_TW"]) == 0
    first, second = capsys.readouterr().out.splitlines()
    folder = tmp_path / "locales" / "zh_TW" / "LC_MESSAGES"
    assert first == f"{folder / 'bias.po'}: 2 new, 0 fuzzy, 0 dropped, 2 untranslated"
    assert second.startswith(f"{folder / 'sphinx.po'}: ")
