"""densebook_sphinx/__init__.py and execution/__init__.py: the order and the settings."""

from __future__ import annotations

from typing import Any

import pytest
from sphinx.errors import ConfigError

import densebook_sphinx
from densebook_sphinx import execution
from densebook_sphinx.downloads import notebooks
from densebook_sphinx.editions import switch
from densebook_sphinx.html import page_assets, reader_fixes


def test_each_page_is_finished_in_the_stated_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """Downloads, then the edition switch (so it ends up first on the page), the reader fixes,
    and last the unused assets dropped, once every file the page uses is known."""
    calls: list[str] = []
    for module, name in [
        (notebooks, "add_links"),
        (switch, "add_switch"),
        (reader_fixes, "fix_page"),
        (page_assets, "drop_unused"),
    ]:
        monkeypatch.setattr(module, name, lambda *args, name=name: calls.append(name))
    densebook_sphinx.finish_page(None, "index", "page.html", {}, None)  # type: ignore[arg-type]
    assert calls == ["add_links", "add_switch", "fix_page", "drop_unused"]


def _config(**values: Any) -> Any:
    settings = {
        "densebook_execution_caches": "",
        "nb_execution_cache_path": "",
        "nb_execution_mode": "off",
        "nb_execution_timeout": 30,
        "nb_execution_allow_errors": False,
        "nb_execution_in_temp": False,
        "nb_kernel_rgx_aliases": {},
        **values,
    }
    return _Config(settings)


class _Config(dict[str, Any]):
    """Sphinx's Config is read both ways: config.name and config[name]."""

    def __getattr__(self, name: str) -> Any:
        return self[name]

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value


def test_the_cache_path_is_made_from_the_key_and_not_given_twice(tmp_path: Any) -> None:
    config = _config(densebook_execution_caches=str(tmp_path / ".jupyter_cache"))
    execution._choose_cache(None, config)  # type: ignore[arg-type]
    assert config["nb_execution_cache_path"] == str(
        tmp_path / ".jupyter_cache" / config["densebook_inputs_digest"]
    )
    both = _config(densebook_execution_caches="caches", nb_execution_cache_path="mine")
    with pytest.raises(
        ConfigError, match="set densebook_execution_caches or nb_execution_cache_path"
    ):
        execution._choose_cache(None, both)  # type: ignore[arg-type]
