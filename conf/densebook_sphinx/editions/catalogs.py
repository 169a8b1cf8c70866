"""Refresh the translation catalogs from the English pages: ``make translations``.

``make translations`` first runs Sphinx's gettext builder, which writes one template
(``.pot``) per page, with the messages a reader reads, into ``_build/gettext``. This module
then brings each language's catalog (``docs/locales/<language>/LC_MESSAGES/<page>.po``) up
to date with Babel, as ``msgmerge`` would: a new message is added untranslated, a changed
one keeps its old translation marked fuzzy for the translator to check, and a removed one is
dropped. Each page's template also gets the comments of the code the page shows
(``code_comments.py``). Sphinx's ``sphinx.pot`` (the theme's own text) also gets the text of
densebook's extensions. The theme, furo, ships no catalog of its own, so its template text
goes into the "sphinx" catalog too (Sphinx's own zh_TW strings stay as the fallback).
Headers carry fixed dates, so the same sources give the same catalogs.

``make translations`` runs it with ``conf/`` on ``PYTHONPATH``.

Usage: ``python -m densebook_sphinx.editions.catalogs <templates> <locales> <language>...``
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from densebook_sphinx.downloads import notebooks
from densebook_sphinx.editions import code_comments, switch, theme_words

#: Text shown by densebook's own extensions, translated through the "sphinx" catalog.
EXTENSION_MESSAGES = (*notebooks.MESSAGES, *switch.CELL_PROMPTS, *theme_words.SPHINX_MESSAGES)


@dataclass(frozen=True)
class CatalogChange:
    """What an update did to one catalog."""

    path: Path
    added: int
    fuzzy: int
    dropped: int
    untranslated: int


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def update_catalog(template: Catalog, catalog_path: Path, language: str) -> CatalogChange:
    """Bring the catalog at ``catalog_path`` up to date with ``template`` and write it."""
    if catalog_path.exists():
        catalog = _read(catalog_path, language)
    else:
        catalog = Catalog(locale=language, domain=catalog_path.stem)
    before = {message.id for message in catalog if message.id}
    dropped = before - {message.id for message in template if message.id}
    catalog.update(template, update_header_comment=False)
    catalog.obsolete.clear()  # the fuzzy match above already carried old translations over
    catalog.creation_date = template.creation_date
    catalog.revision_date = template.creation_date
    catalog.project, catalog.version = template.project, template.version
    catalog.copyright_holder = "the densebook authors"
    catalog.last_translator = "the densebook authors"
    catalog.fuzzy = False
    for message in catalog:
        # Babel guesses format flags from the braces of MyST roles; they mean nothing here.
        message.flags.discard("python-format")
        message.flags.discard("python-brace-format")
    messages = [message for message in catalog if message.id]
    catalog_path.parent.mkdir(parents=True, exist_ok=True)
    with catalog_path.open("wb") as handle:
        write_po(handle, catalog, width=88, include_previous=False)
    return CatalogChange(
        path=catalog_path,
        added=sum(1 for m in messages if m.id not in before),
        fuzzy=sum(1 for m in messages if m.fuzzy),
        dropped=len(dropped),
        untranslated=sum(1 for m in messages if not m.string),
    )


def theme_template(theme: Path | None = None) -> Catalog:
    """The text of the theme's templates and of densebook's extensions, as a template.

    Args:
        theme: The theme's template folder; furo's own by default.
    """
    from jinja2.ext import babel_extract

    if theme is None:
        import furo

        theme = Path(furo.__file__).parent / "theme" / "furo"
    template = Catalog(domain="sphinx", project="densebook")
    for path in sorted(theme.rglob("*.html")):
        with path.open("rb") as handle:
            for line, _function, message, _comments in babel_extract(
                handle, ("_", "gettext", "ngettext"), [], {}
            ):
                if isinstance(message, str) and message.strip():
                    location = (f"furo/{path.relative_to(theme).as_posix()}", line)
                    template.add(message, locations=[location])
    for text in EXTENSION_MESSAGES:
        template.add(text, locations=[("conf", 0)])  # densebook's extensions
    return template


def add_code_comments(template: Catalog, page: Path) -> None:
    """Add the comments of the code cells ``page`` shows to its template (code_comments.py)."""
    if not page.is_file():
        return
    location = (f"../../docs/{page.name}", 0)
    for text in code_comments.page_comments(page.read_text(encoding="utf-8")):
        if text in template:
            template[text].locations.append(location)
        else:
            template.add(text, locations=[location], auto_comments=[code_comments.FLAG])


def update_all(templates: Path, locales: Path, language: str) -> list[CatalogChange]:
    """Update every catalog of ``language`` from the templates in ``templates``; a page's
    template gets the comments of its code cells too (``locales`` is in the pages' folder)."""
    changes = []
    folder = locales / language / "LC_MESSAGES"
    for pot in sorted(templates.glob("*.pot")):
        if pot.stem != "sphinx":  # the theme's text comes from theme_template() below
            template = _read(pot)
            add_code_comments(template, locales.parent / f"{pot.stem}.md")
            changes.append(update_catalog(template, folder / f"{pot.stem}.po", language))
    changes.append(update_catalog(theme_template(), folder / "sphinx.po", language))
    return changes


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    templates, locales, *languages = argv
    for language in languages:
        for change in update_all(Path(templates), Path(locales), language):
            print(
                f"{change.path}: {change.added} new, {change.fuzzy} fuzzy, "
                f"{change.dropped} dropped, {change.untranslated} untranslated"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
