# Configuration of the Jupyter kernels that execute densebook's pages (conf.py points
# IPYTHONDIR here). startup/00-densebook.py runs in each kernel before the first cell.
c = get_config()  # type: ignore[name-defined]  # noqa: F821 (IPython injects get_config)

# No matplotlib set-up: densebook's figures show themselves as reproducible SVG
# (densebook.plot.to_svg), in this kernel as in a reader's; here each also carries its
# Chinese twin (startup/00-densebook.py), which each edition's pages and downloads split.
# No command history database in the repository.
c.HistoryManager.enabled = False
