"""Which pages hold a given directive, kept in Sphinx's environment across builds.

A directive whose content is filled in late (the checks page's list, the downloads' list)
must be written again when what it lists changes, though its own page did not. Each such
directive keeps its pages in a :class:`PageSet`, which stays right through incremental
and parallel reads (``env-purge-doc``, ``env-merge-info``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: ``rule(app, env, added, changed, removed)``: whether the pages of the set are outdated.
Rule = Callable[["Sphinx", "BuildEnvironment", set[str], set[str], set[str]], bool]


class PageSet:
    """The pages holding one directive, stored on the environment as ``attribute``."""

    def __init__(self, attribute: str, outdated_when: Rule) -> None:
        self.attribute = attribute
        self.outdated_when = outdated_when

    def of(self, env: BuildEnvironment) -> set[str]:
        """The set itself (created empty on first use)."""
        if not hasattr(env, self.attribute):
            setattr(env, self.attribute, set())
        pages: set[str] = getattr(env, self.attribute)
        return pages

    def connect(self, app: Sphinx) -> None:
        """Keep the set right, and mark its pages outdated when the rule says so."""

        def outdated(
            app: Sphinx,
            env: BuildEnvironment,
            added: set[str],
            changed: set[str],
            removed: set[str],
        ) -> list[str]:
            if self.outdated_when(app, env, added, changed, removed):
                return sorted(self.of(env) - added - changed)
            return []

        def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
            self.of(env).discard(docname)

        def merge(
            app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
        ) -> None:
            self.of(env).update(self.of(other) & docnames)

        app.connect("env-get-outdated", outdated)
        app.connect("env-purge-doc", purge)
        app.connect("env-merge-info", merge)
