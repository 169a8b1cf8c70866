"""The notebook downloads in small projects: glue kept out of sight, a cell needing myst_nb."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from sitebuild import copy_project, run_build, use_own_checks

GLUE_OUT_OF_SIGHT = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

# Glue out of sight

Is the {term}`limit <limit value>` shown?

```{code-cell} ipython3
:tags: [remove-cell]
from myst_nb import glue

glue("limit", 0.123456, display=False)
glue("name", "dense/kernel", display=False)
```

The limit is {glue:text}`limit:.2f` ({glue:text}`limit`), named {glue:text}`name`
or {glue}`name`, on {doc}`index`.

```{glossary}
limit value
  The value glued here.{claim}`glue.limit-value`
```

```{code-cell} ipython3
:tags: [remove-cell]
import densebook.claims

densebook.claims.report("index")
```
"""

# A glossary definition is a claim: its check, in the project's own claims module.
LIMIT_CHECK = 'from densebook.claims import check\n\nPAGE = "index"\n\n\n' + (
    '@check("glue.limit-value")\ndef limit_value():\n    assert round(0.123456, 2) == 0.12\n'
)


@pytest.mark.build
def test_a_download_shows_the_values_glued_in_hidden_cells(tmp_path: Path) -> None:
    """In a build where MyST-NB executes the page (it then keeps the glue out of the notebook)."""
    project = copy_project(tmp_path / "p", {"index.md": GLUE_OUT_OF_SIGHT}, light_kernels=True)
    use_own_checks(project, {"glue_checks.py": LIMIT_CHECK})
    build = run_build(project, tmp_path / "out", mode="force")
    assert build.returncode == 0, build.output[-6000:]
    download = nbformat.read(build.html / "_downloads" / "index.ipynb", as_version=4)
    install, *cells = download.cells
    assert install.metadata.tags == ["densebook-install"]
    assert [cell.source for cell in cells] == [
        "# Glue out of sight\n\nIs the limit shown?",
        "The limit is 0.12 (0.123456), named dense/kernel\nor 'dense/kernel', on Glue out of "
        "sight.\n\n"
        "```{glossary}\nlimit value\n  The value glued here.\n```",
    ]


GLUE_IN_SIGHT = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---

# Glue in sight

```{code-cell} ipython3
from myst_nb import glue

glue("n", 3, display=False)
```

Three is {glue:text}`n`.
"""


@pytest.mark.build
def test_a_shown_cell_using_myst_nb_fails_the_build_naming_page_and_cell(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", {"index.md": GLUE_IN_SIGHT}, light_kernels=True)
    build = run_build(project, tmp_path / "out")
    assert build.returncode != 0
    assert "Extension error (densebook_sphinx.downloads.notebooks)" in build.output
    assert f"{tmp_path / 'p' / 'docs' / 'index.md'}:10: from myst_nb import glue" in build.output
