"""densebook: build, inspect and explain the weights of Keras ``Dense`` layers.

Figures live in :mod:`densebook.plot`. Importing densebook changes nothing in the
environment and does not import TensorFlow: the first call that needs TensorFlow imports it,
after setting densebook's TensorFlow environment (:data:`TF_ENVIRONMENT`, see
:func:`apply_tf_environment`).
"""

from densebook._backends import BACKENDS, BackendReport, dense_on_backends
from densebook._forward import DenseSteps, decompose
from densebook._fresh_process import (
    PostRun,
    fingerprint_in_fresh_process,
    post_cell_in_fresh_process,
)
from densebook._initialization import glorot_limit
from densebook._kernel_methods import (
    KernelAverage,
    LinearSeparator,
    fit_best_line,
    fit_linear_separator,
    kernel_weighted_average,
    lift_features,
    make_circles,
    rbf_kernel,
)
from densebook._layers import BuildTrace, VariableInfo, build_dense, trace_build
from densebook._tf_environment import (
    TF_ENVIRONMENT,
    EnvironmentStamp,
    apply_tf_environment,
    environment,
    tf_and_keras,
)
from densebook._validate import SEED_MAX
from densebook._weights import (
    WeightInfo,
    WeightReport,
    describe_weights,
    fingerprint,
)

__all__ = [
    "BACKENDS",
    "SEED_MAX",
    "TF_ENVIRONMENT",
    "BackendReport",
    "BuildTrace",
    "DenseSteps",
    "EnvironmentStamp",
    "KernelAverage",
    "LinearSeparator",
    "PostRun",
    "VariableInfo",
    "WeightInfo",
    "WeightReport",
    "apply_tf_environment",
    "build_dense",
    "decompose",
    "dense_on_backends",
    "describe_weights",
    "environment",
    "fingerprint",
    "fingerprint_in_fresh_process",
    "fit_best_line",
    "fit_linear_separator",
    "glorot_limit",
    "kernel_weighted_average",
    "lift_features",
    "make_circles",
    "post_cell_in_fresh_process",
    "rbf_kernel",
    "tf_and_keras",
    "trace_build",
]
