"""Inference algorithms: Edward's adversarial family and its bases.

Also the errors that a refused step raises, and the helpers that
`initialize`'s options ask of a session or a dataset of your own.

Each algorithm is a public file, as in Edward: `inference.py`,
`variational_inference.py`, `gan_inference.py`, `wgan_inference.py`,
`bigan_inference.py` and `implicit_klqp.py`, with `errors.py`. What
they share lives in five private subpackages, each named for one
concern and opening with its map:

- `_setup/`: what every Inference does around `initialize`.
- `_running/`: running one update: the session, its fast paths, the
  steps TensorFlow refuses.
- `_adversarial/`: the adversarial objectives, scopes and train ops.
- `_bigan/`: BiGAN's opt-in extensions and its networks.
- `_distributed/`: distribution: strategies, replicas, clusters, Slurm,
  resuming.

The subpackages never import the algorithm files, which import them;
only `errors.py`, which imports nothing of the package, may be raised
from any of them. Which subpackage may import which
(`tests/test_architecture.py` reads these lines):

    _running:      nothing
    _setup:        _running
    _adversarial:  _setup
    _bigan:        _adversarial
    _distributed:  _setup, _adversarial
"""

from edward_lite.inferences._distributed.cluster import finish_run
from edward_lite.inferences._distributed.data_parallel import (
    distribute_dataset)
from edward_lite.inferences._distributed.resume import restore_from_checkpoint
from edward_lite.inferences._distributed.slurm import slurm_cluster_resolver
from edward_lite.inferences._running.session_config import fast_session_config
from edward_lite.inferences.bigan_inference import BiGANInference
from edward_lite.inferences.errors import (
    NotInitializedError, UnfedPlaceholderError, UninitializedVariableError,
    WorkerTimeoutError)
from edward_lite.inferences.gan_inference import GANInference, step_fetches
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
