"""densebook_sphinx/downloads/package.py: the install cell's addresses, the wheel's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from densebook_sphinx.downloads import package


def _outdir(tmp_path: Path) -> Path:
    (tmp_path / "_downloads").mkdir()
    (tmp_path / "_downloads" / "densebook-0.1.0-py3-none-any.whl").write_bytes(b"PK")
    return tmp_path


def test_without_html_baseurl_the_cell_installs_the_files_beside_the_notebook(
    tmp_path: Path,
) -> None:
    source = package.install_cell_source(_outdir(tmp_path), "", "en")
    *comments, command = source.splitlines()
    assert all(line.startswith("# ") for line in comments)
    assert "next to this" in " ".join(comments)
    assert command == (
        "%pip install --quiet densebook-0.1.0-py3-none-any.whl --constraint requirements.lock"
    )


def test_with_html_baseurl_the_cell_installs_from_the_site(tmp_path: Path) -> None:
    source = package.install_cell_source(_outdir(tmp_path), "https://example.org/book/", "zh_TW")
    *comments, command = source.splitlines()
    assert command == (
        "%pip install --quiet "
        "https://example.org/book/_downloads/densebook-0.1.0-py3-none-any.whl "
        "--constraint https://example.org/book/_downloads/requirements.lock"
    )
    assert "wheel" in comments[0]
    assert "旁邊" not in source  # nothing to save beside the notebook
    assert "本站" in comments[0]  # the Chinese edition's comment


def test_no_wheel_in_the_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "_downloads").mkdir()
    with pytest.raises(ExtensionError, match="expected one densebook wheel"):
        package.wheel_of(tmp_path)
