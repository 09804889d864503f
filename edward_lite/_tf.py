"""The one place that imports TensorFlow.

Importing this module puts TensorFlow in TF1 graph mode and makes the
legacy `tf.compat.v1.layers` usable (through tf_keras), once, for the
whole process. Every other module takes `tf`, `tf1` and `tfd` from here.
Everything it does to the process is listed, with how to undo it, in
docs/import-side-effects.md; tests/docs/test_import_side_effects.py
holds that page to this file.
"""

import functools
import os
import random
import warnings

from edward_lite import _legacy_keras
from edward_lite import _startup_log

# tf.compat.v1.layers only exists with Keras 2 (the tf_keras package).
# TensorFlow's lazy Keras names read this variable when first used; its
# API modules that already ran (after `import tf_keras` or a TensorFlow
# import of the user's) are routed below, once TensorFlow is loaded.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

# Without this, every TF1 session's CPU device shares one process-wide
# pool of threads for the work inside an op, sized by the first session
# the process made: `intra_op_parallelism_threads` of any later session
# (`initialize(intra_op_parallelism_threads=...)`) would be silently
# ignored, and a first session asking for 1 thread would leave every
# later one with 1. TensorFlow reads the variable when it makes its
# first device, so setting it here works unless a session was made
# before edward_lite was imported. See inferences/_running/fast_path.py.
os.environ.setdefault("TF_OVERRIDE_GLOBAL_THREADPOOL", "1")

# TensorFlow's start-up lines (oneDNN, no CUDA driver, CPU features, a
# failed cuInit) read like failures on a CPU machine, and it writes them
# before it reads TF_CPP_MIN_LOG_LEVEL: unless that is 0, they are kept
# off stderr here. See _startup_log.py.
with _startup_log.quiet_start() as _startup:
  try:
    import tensorflow as tf
  except ImportError as error:  # pragma: no cover - depends on the install
    raise ImportError(
        "edward_lite needs TensorFlow >= 2.16 (pip install "
        "'tensorflow>=2.16'): {}".format(error))
  if _startup.no_cuda_driver():
    # Without a driver cuInit fails, and TensorFlow says so when it first
    # lists its devices (otherwise in the user's first session): list
    # them now, while that line is filtered. Nothing is initialized yet,
    # so graph mode, device and thread settings stay open.
    tf.config.list_physical_devices("GPU")

if _legacy_keras.wants_legacy_keras():
  # Without this, `import tf_keras` before edward_lite leaves
  # `tensorflow.compat.v2.keras` unimportable, and TensorFlow
  # Probability's import (below) fails on it. See _legacy_keras.py.
  from tensorflow.python.util.lazy_loader import KerasLazyLoader  # pylint: disable=g-direct-tensorflow-import
  _legacy_keras.route_imported_api(KerasLazyLoader)

# edward_lite makes tf.layers work on purpose: Edward's scripts are built
# from them. tf_keras warns at each call site that they are deprecated,
# which a user of edward_lite can do nothing about.
warnings.filterwarnings(
    "ignore", message=r"`tf\.layers\.\w+` is deprecated and will be removed",
    category=UserWarning)

__all__ = [
    "AttrValue",
    "CallableOptions",
    "MIN_TF_VERSION",
    "enable_xla_cpu_autoclustering",
    "gradient_registry",
    "register_session_run_conversion_functions",
    "seed_legacy_keras",
    "with_callers_keras_seed_stream",
    "tf",
    "tf1",
    "tfd",
    "tfp",
]

MIN_TF_VERSION = (2, 16)


def _version_tuple(version):
  parts = []
  for piece in version.split(".")[:2]:
    digits = "".join(ch for ch in piece if ch.isdigit())
    parts.append(int(digits) if digits else 0)
  return tuple(parts)


if _version_tuple(tf.__version__) < MIN_TF_VERSION:
  raise ImportError(
      "edward_lite needs TensorFlow >= {}.{}; found {}.".format(
          MIN_TF_VERSION[0], MIN_TF_VERSION[1], tf.__version__))


def _enter_graph_mode():
  """Switches the process to graph mode, or says why it cannot."""
  if not tf.executing_eagerly():
    return  # Already in graph mode (ours or the user's own call).
  from tensorflow.python.eager import context  # pylint: disable=g-import-not-at-top
  ctx = context.context_safe()
  if ctx is not None and getattr(ctx, "_initialized", False):
    raise RuntimeError(
        "edward_lite runs TensorFlow in graph mode (tf.compat.v1), but eager "
        "operations have already run in this process, so graph mode can no "
        "longer be entered. Import edward_lite before creating any TensorFlow "
        "tensors or calling any TensorFlow op.")
  tf.compat.v1.disable_eager_execution()


_enter_graph_mode()

tf1 = tf.compat.v1

import tensorflow_probability as tfp  # pylint: disable=g-import-not-at-top,wrong-import-position

tfd = tfp.distributions

# Session-run expansion has no public API in TensorFlow 2; Edward used the
# same private hook, and without it `sess.run(x)` would not accept a
# random variable.
from tensorflow.python.client.session import register_session_run_conversion_functions  # pylint: disable=g-direct-tensorflow-import,g-import-not-at-top,wrong-import-position

# XLA auto-clustering on the CPU hangs on a process-wide flag with no
# public API; see `enable_xla_cpu_autoclustering`.
from tensorflow.python import pywrap_tfe  # pylint: disable=g-direct-tensorflow-import,g-import-not-at-top,wrong-import-position

# Session callables that connect a dataset's iterator to a placeholder
# take this message, which tf.compat.v1 does not export.
from tensorflow.core.protobuf.config_pb2 import CallableOptions  # pylint: disable=g-direct-tensorflow-import,g-import-not-at-top,wrong-import-position

# Lean gradients (inferences/_adversarial/lean_gradients.py) mark ops the way
# `Graph.gradient_override_map` does, after the ops exist, and fall back
# on TensorFlow's own gradient functions; neither has a public API.
from tensorflow.core.framework.attr_value_pb2 import AttrValue  # pylint: disable=g-direct-tensorflow-import,g-import-not-at-top,wrong-import-position
from tensorflow.python.framework.ops import gradient_registry  # pylint: disable=g-direct-tensorflow-import,g-import-not-at-top,wrong-import-position


def enable_xla_cpu_autoclustering():
  """Lets sessions that ask for XLA (`global_jit_level`) compile on the CPU.

  TensorFlow auto-clusters graphs for the CPU only when the process-wide
  flag `--tf_xla_cpu_global_jit` is on, and it reads that flag once: the
  first time any session of the process runs a graph (making a session
  does not count). Switched on before that, the flag makes every later
  session that sets `global_jit_level` (`initialize(xla=True)`'s, or one
  of your own) compile on the CPU; sessions that do not set it are
  unaffected. Switched on after, it changes nothing. It cannot be
  switched off again, so `initialize(xla=True)` switches it on, and
  `import edward_lite` does not.

  A process that runs graphs before `initialize(xla=True)` needs the
  flag from the start: `TF_XLA_FLAGS=--tf_xla_cpu_global_jit` in the
  environment before its first graph runs.
  """
  pywrap_tfe.TF_SetTfXlaCpuGlobalJit(True)


def seed_legacy_keras(seed):
  """Gives tf_keras's initializers (behind `tf.layers`) a seeded stream.

  tf_keras draws the seed of each initializer from a thread-local
  `random.Random` once one is set (as `tf_keras.utils.set_random_seed`
  does), and from Python's global `random` otherwise. The global one is
  shared with every thread and library of the process, so a draw made
  elsewhere between seeding and building the layers would change the
  weights. Only that stream is set here; `ed.set_seed` seeds the rest.

  Args:
    seed: int.
  """
  holder = _keras_seed_holder()
  if holder is not None:
    holder.generator = random.Random(int(seed))


def _keras_seed_holder():
  """tf_keras's thread-local holder of that stream, or None."""
  try:
    from tf_keras.src import backend  # pylint: disable=g-import-not-at-top
  except ImportError:  # pragma: no cover - depends on the install
    return None
  return getattr(backend, "_SEED_GENERATOR", None)


def with_callers_keras_seed_stream(fn):
  """`fn`, made to use this thread's tf_keras seed stream in any thread.

  The stream that `seed_legacy_keras` makes is thread-local, and
  tf.distribute runs each replica's function in a thread of its own,
  where tf_keras would fall back to Python's global `random`. The
  wrapper lends the calling thread's stream to whichever thread runs
  `fn`, so layers built there draw the seeds they would draw here.

  Args:
    fn: callable.

  Returns:
    callable.
  """
  holder = _keras_seed_holder()
  stream = getattr(holder, "generator", None)
  if stream is None:
    return fn

  @functools.wraps(fn)
  def with_stream(*args, **kwargs):
    previous = getattr(holder, "generator", None)
    holder.generator = stream
    try:
      return fn(*args, **kwargs)
    finally:
      holder.generator = previous
  return with_stream
