"""Inference algorithms: Edward's adversarial family and its bases.

Also the errors that a refused step raises, and the helpers that
`initialize`'s options ask of a session or a dataset of your own.
"""

from edward_lite.inferences._cluster import finish_run
from edward_lite.inferences._distribute import distribute_dataset
from edward_lite.inferences._fast_path import fast_session_config
from edward_lite.inferences._resume import restore_from_checkpoint
from edward_lite.inferences._slurm import slurm_cluster_resolver
from edward_lite.inferences._step_handles import step_fetches
from edward_lite.inferences.bigan_inference import BiGANInference
from edward_lite.inferences.errors import (
    NotInitializedError, UnfedPlaceholderError, UninitializedVariableError,
    WorkerTimeoutError)
from edward_lite.inferences.gan_inference import GANInference
from edward_lite.inferences.implicit_klqp import ImplicitKLqp
from edward_lite.inferences.inference import Inference
from edward_lite.inferences.variational_inference import VariationalInference
from edward_lite.inferences.wgan_inference import WGANInference

__all__ = [
    "BiGANInference",
    "GANInference",
    "ImplicitKLqp",
    "Inference",
    "NotInitializedError",
    "UnfedPlaceholderError",
    "UninitializedVariableError",
    "VariationalInference",
    "WGANInference",
    "WorkerTimeoutError",
    "distribute_dataset",
    "fast_session_config",
    "finish_run",
    "restore_from_checkpoint",
    "slurm_cluster_resolver",
    "step_fetches",
]
