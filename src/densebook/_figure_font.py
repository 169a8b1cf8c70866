"""The font of the Chinese figures: a small part of Noto Sans CJK TC, shipped with densebook.

A Chinese figure carries the glyphs it uses of this font inside its SVG (:func:`font_face`),
so its text looks the same on every screen, whatever fonts the reader has. The file in
``fonts/`` holds only the glyphs densebook's figures use: printable ASCII, a few signs and
every character of the Chinese figure words (``_figure_words.WORDS``), at the Regular weight.

It is made from Noto Sans CJK (SIL Open Font License 1.1, ``fonts/OFL.txt``), as packaged
in ``manimgx-fonts-cjk`` 2026.9.26.post1: the variable font's Traditional Chinese face,
fixed at weight 400 (its default is 100, Thin) and renamed, so that a full Noto Sans CJK TC
installed on the machine can never be picked instead (its outlines may differ by version).
After changing the Chinese figure words, make it again::

    pip install manimgx-fonts-cjk==2026.9.26.post1
    python -m densebook._figure_font
"""

from __future__ import annotations

import base64
import functools
import io
import sys
from pathlib import Path

from densebook._figure_words import WORDS

#: The font file, and the family name matplotlib knows it by.
FONT_PATH = Path(__file__).parent / "fonts" / "densebook-NotoSansTC-Regular.otf"
FAMILY = "densebook Noto Sans TC"

#: Characters every figure may use besides the Chinese words: printable ASCII and signs.
BASE_CHARACTERS = "".join(chr(code) for code in range(32, 127)) + "×±²−–"  # noqa: RUF001

_SOURCE_FACE = "Noto Sans CJK TC"


def characters() -> str:
    """Every character the font must hold, sorted."""
    words = "".join(text for by_language in WORDS.values() for text in by_language.values())
    return "".join(sorted(set(BASE_CHARACTERS + words) - {"\n"}))


def font_face(text: str) -> str:
    """A CSS ``@font-face`` rule carrying, as a data URI, the font's glyphs for ``text``.

    The glyphs are a subset in WOFF (a few kilobytes for a figure's words), so an SVG that
    holds the rule shows its text in this font even as an image, where browsers load no
    other file. The same text gives the same bytes.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONT_PATH), recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = [1, 2]  # the family and style: all a browser needs
    options.layout_features = []  # no ligatures or positioning tables: matplotlib uses none
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text) - {"\n"})))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'@font-face {{font-family: "{FAMILY}"; src: url(data:font/woff;base64,{encoded})}}'


@functools.cache
def register() -> str:
    """Make the font known to matplotlib (once per process); return its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(FONT_PATH))
    return FAMILY


def make(source: Path, target: Path = FONT_PATH) -> None:
    """Write the font: ``source``'s Traditional Chinese face, subset, at weight 400, renamed."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection
    from fontTools.varLib import instancer

    faces = TTCollection(str(source), lazy=False).fonts
    face = next(f for f in faces if f["name"].getDebugName(1) == _SOURCE_FACE)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(face)
    font = instancer.instantiateVariableFont(face, {"wght": 400})
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    names.setName(FAMILY, 1, 3, 1, 0x409)
    names.setName("Regular", 2, 3, 1, 0x409)
    names.setName(f"{FAMILY} Regular", 4, 3, 1, 0x409)
    names.setName(FAMILY.replace(" ", "") + "-Regular", 6, 3, 1, 0x409)
    names.setName(f"{FAMILY}; subset of {_SOURCE_FACE} for densebook", 3, 3, 1, 0x409)
    font["OS/2"].usWeightClass = 400
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target))


if __name__ == "__main__":  # pragma: no cover (run by hand, see the module's text)
    import manimgx_fonts_cjk  # type: ignore[import-not-found]

    make(Path(manimgx_fonts_cjk.__file__).parent / "NotoSansCJK-VF.otf.ttc")
    sys.stdout.write(f"wrote {FONT_PATH} ({FONT_PATH.stat().st_size} bytes)\n")
