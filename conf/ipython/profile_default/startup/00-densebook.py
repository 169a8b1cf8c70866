# Runs in every Jupyter kernel that executes a page, before its first cell (IPython runs the
# files in startup/ in the user namespace, hence no names are left behind).
#
# TensorFlow is imported here once, quietly: the lines its C++ start-up writes to stderr
# (CUDA probing, before absl logging is set up) never reach a cell's output.
__import__("densebook").tf_and_keras()
