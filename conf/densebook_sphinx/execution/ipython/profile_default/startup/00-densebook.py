# Runs in every Jupyter kernel that executes a page, before its first cell (IPython runs the
# files in startup/ in the user namespace, hence no names are left behind).
#
# TensorFlow is imported here once, quietly: the lines its C++ start-up writes to stderr
# (CUDA probing, before absl logging is set up) never reach a cell's output.
# Also: Keras prints model summaries with rich, whose colours fail WCAG contrast on the page
# (NO_COLOR); the backends chapter imports JAX in its kernel (Flax): CPU only, so no GPU
# probe or notice (JAX_PLATFORMS). tf_and_keras() sets densebook's TensorFlow environment.
__import__("os").environ.update(NO_COLOR="1", JAX_PLATFORMS="cpu")
__import__("densebook").tf_and_keras()
# densebook's figures carry their Chinese twin while a page is executed, so that each edition
# shows its own language from this one execution (densebook_sphinx/editions/figures.py).
get_ipython().display_formatter.formatters["image/svg+xml"].for_type_by_name(  # type: ignore[name-defined]  # noqa: F821
    "matplotlib.figure", "Figure", __import__("densebook.plot").plot.to_multilingual_svg
)
