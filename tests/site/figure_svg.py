"""What the site's figures say: their texts and numbers, read from the SVG files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

_SVG = "{http://www.w3.org/2000/svg}"
# Tick labels: matplotlib picks ticks from the room the axes get, which the words change.
_TICKS = re.compile(r"[xyz]tick_\d+$")
_NUMBER = re.compile(r"[-+−]?\d+(?:\.\d+)?")  # noqa: RUF001 (matplotlib's minus sign)
# English names dimensions by digit ("2-D"), Chinese by character (二維).
_DIMENSIONS = re.compile(r"\b[23]-D\b")

#: Words from code that a figure shows in either language: layer, variable and activation
#: names, and the axes' own letters.
CODE_NAMES = frozenset({"dense", "kernel", "relu", "sigmoid", "tanh", "linear"})


def _walk(element: ElementTree.Element, in_tick: bool) -> Iterator[tuple[str, bool]]:
    in_tick = in_tick or bool(_TICKS.match(element.get("id", "")))
    if element.tag == f"{_SVG}text":
        yield "".join(element.itertext()), in_tick
    for child in element:
        yield from _walk(child, in_tick)


def texts(svg: str, *, ticks: bool = True) -> list[str]:
    """Every text the SVG draws, in order (without tick labels if ``ticks`` is false)."""
    root = ElementTree.fromstring(svg.encode("utf-8"))
    return [text for text, in_tick in _walk(root, False) if ticks or not in_tick]


def numbers(path: Path) -> list[str]:
    """The numbers a figure's words show (tick labels left out), sorted."""
    words = " ".join(texts(path.read_text(encoding="utf-8"), ticks=False))
    return sorted(_NUMBER.findall(_DIMENSIONS.sub("", words)))
