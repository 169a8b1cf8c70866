# Configuration of the Jupyter kernels that execute densebook's pages (conf.py points
# IPYTHONDIR here). startup/00-densebook.py runs in each kernel before the first cell.
c = get_config()  # type: ignore[name-defined]  # noqa: F821 (IPython injects get_config)

# Figures are shown as PNG: its bytes are the same on every build (SVG embeds random ids).
c.IPKernelApp.matplotlib = "inline"
c.InlineBackend.figure_formats = {"png"}
# No command history database in the repository.
c.HistoryManager.enabled = False
