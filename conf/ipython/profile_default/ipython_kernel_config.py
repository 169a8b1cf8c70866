# Start-up of the Jupyter kernels that execute densebook's pages (conf.py points
# IPYTHONDIR here). TensorFlow is imported once, quietly, before the first cell runs, so its
# C++ start-up lines never land in a page's output.
c = get_config()  # type: ignore[name-defined]  # noqa: F821 (IPython injects get_config)

c.IPKernelApp.exec_lines = ["__import__('densebook').tf_and_keras()"]
# Figures are shown as PNG: its bytes are the same on every build (SVG embeds random ids).
c.IPKernelApp.matplotlib = "inline"
c.InlineBackend.figure_formats = {"png"}
# No command history database in the repository.
c.HistoryManager.enabled = False
