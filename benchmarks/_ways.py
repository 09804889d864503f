"""The TF1 ways to train the benchmark's BiGAN: options, inputs, step calls.

Every way trains its own copy of the model (benchmarks/_models.py) in its
own graph and session; benchmarks/_way_kinds.py has the kinds of way.
"""

import tempfile

import numpy as np

from benchmarks._models import (
    POOL, BiGAN, array_datasets, edward_batches, generator_datasets,
    is_conv, noise_batches, synthetic_images)
from benchmarks._way_kinds import FloorWay, GraphWay, RunWay

__all__ = ["CONV_WAYS", "EDWARD", "build_tf1_ways", "way_names"]

# What Edward built and ran: its graph (no lean gradients) in a session
# with TensorFlow's thread setting (0 lets TensorFlow choose; given, it
# also keeps initialize from choosing threads for the machine).
EDWARD = dict(lean_gradients=False, intra_op_parallelism_threads=0,
              inter_op_parallelism_threads=0)
# Edward's graph with TensorFlow's threads: for the ways that add one
# option of their own to it.
PLAIN = dict(lean_gradients=False)


def _feed_step(variables=None):
  def make(model):
    inference = model.inference
    return lambda: inference.update(model.next_feed(), variables)
  return make


def _bare_step(variables_list):
  def make(model):
    session = model.session
    fetch_lists = [model.fetch_list(v) for v in variables_list]

    def step():
      for fetches in fetch_lists:
        session.run(fetches, model.next_feed())
    return step
  return make


def _callable_step(model):
  call = model.session.make_callable(model.fetch_list(),
                                     [model.x_ph, model.z_ph])

  def step():
    feed = model.next_feed()
    call(feed[model.x_ph], feed[model.z_ph])
  return step


def _no_feed_step(model):
  return model.inference.update


def _generator_feed_step(sizes):
  def make(model):
    images = synthetic_images(sizes)
    batches = edward_batches(images, sizes["batch"], np.random.RandomState(1))
    noise = noise_batches(sizes, np.random.RandomState(2))
    inference = model.inference

    def step():
      inference.update({model.x_ph: next(batches), model.z_ph: next(noise)})
    return step
  return make


def _disc_gen_step(model):
  inference = model.inference

  def step():
    inference.update(model.next_feed(), "Disc")
    inference.update(model.next_feed(), "Gen")
  return step


def _bare_disc_gen_step(model):
  return _bare_step(["Disc", "Gen"])(model)


_ONE_THREAD = dict(intra_op_parallelism_threads=1,
                   inter_op_parallelism_threads=1)
# One thread per op, two ops at once: the 2 cores each run an op of their
# own instead of both splitting every op.
_OPS_APART = dict(intra_op_parallelism_threads=1,
                  inter_op_parallelism_threads=2)
_TF_THREADS = dict(intra_op_parallelism_threads=0,
                   inter_op_parallelism_threads=0)
# Every TF1 way: (name, label, step maker, baseline, the model's keyword
# arguments); "data" is "arrays" (the data and codes as tf.data) or
# "generator" (Edward's batch generator as tf.data). The floors and
# `run()` are ways of their own kind.
_SPECS = [
    ("session_run", "TF1 `Session.run(train ops, feed_dict)` (Edward's way, "
     "the baseline)", "bare", None, EDWARD),
    ("session_callable", "TF1 `Session.make_callable` of the same ops",
     "callable", "session_run", EDWARD),
    ("update", "`update(feed_dict)`, default options (a legacy script)",
     "feed", "session_run", {}),
    ("update_edward", "`update()` of Edward's graph and threads "
     "(`lean_gradients=False`, TF's threads)", "feed", "session_run", EDWARD),
    ("session_run_disc_gen", "TF1 `Session.run` of the Disc ops, then the "
     "Gen ops", "bare_disc_gen", "session_run", EDWARD),
    ("update_disc_gen", "`update(variables='Disc')` + "
     "`update(variables='Gen')`", "disc_gen", "session_run_disc_gen", EDWARD),
    ("update_logdir", "`update()` with `logdir` (summaries every 100)",
     "feed", "session_run", dict(EDWARD, logdir=True, n_print=100,
                                 log_timestamp=False)),
    ("run", None, None, None, None),
    ("feed_generator", "`update(feed_dict)` from Edward's Python batch "
     "generator", "generator_feed", "session_run", {}),
    ("dataset_generator", "`update()`, the same generator as a "
     "`tf.data.Dataset` (prefetched)", "no_feed", "feed_generator",
     dict(data="generator")),
    ("dataset_arrays", "`update()`, arrays as a `tf.data.Dataset` "
     "(`dataset_from_arrays`)", "no_feed", "update", dict(data="arrays")),
    ("threads_1x1", "`update()`, `lean_gradients=False`, `intra_op=1, "
     "inter_op=1` threads", "feed", "session_run", dict(PLAIN, **_ONE_THREAD)),
    ("threads_2x1", "`update()`, `lean_gradients=False`, `intra_op=2, "
     "inter_op=1` threads", "feed", "session_run",
     dict(PLAIN, intra_op_parallelism_threads=2,
          inter_op_parallelism_threads=1)),
    ("threads_1x2", "`update()`, `lean_gradients=False`, `intra_op=1, "
     "inter_op=2` threads", "feed", "session_run", dict(PLAIN, **_OPS_APART)),
    ("grappler_no_remap", "`update()`, `lean_gradients=False`, TF's threads, "
     "grappler remapper off", "feed", "session_run",
     dict(EDWARD, rewrite_options={"remapping": False})),
    ("lean", "`update()`, `lean_gradients=True`, TF's threads", "feed",
     "session_run", dict(_TF_THREADS, lean_gradients=True)),
    ("lean_dataset", "`update()`, `lean_gradients=True` + `tf.data` arrays, "
     "TF's threads", "no_feed", "session_run",
     dict(_TF_THREADS, lean_gradients=True, data="arrays")),
    ("lean_threads_1x2", "`update()`, `lean_gradients=True` + `intra_op=1, "
     "inter_op=2`", "feed", "session_run",
     dict(_OPS_APART, lean_gradients=True)),
    ("lean_dataset_threads_1x2", "`update()`, `lean_gradients=True` + "
     "`tf.data` + `intra_op=1, inter_op=2`", "no_feed", "session_run",
     dict(_OPS_APART, lean_gradients=True, data="arrays")),
    ("xla", "`update(feed_dict)`, `lean_gradients=False`, `xla=True`", "feed",
     "session_run", dict(PLAIN, xla=True)),
    ("xla_dataset", "`update()`, `lean_gradients=False`, `xla=True` + "
     "`tf.data` arrays", "no_feed", "session_run",
     dict(PLAIN, xla=True, data="arrays")),
    ("xla_dataset_threads_1x1", "`update()`, `lean_gradients=False`, "
     "`xla=True` + `tf.data` + 1x1 threads", "no_feed", "session_run",
     dict(PLAIN, xla=True, data="arrays", **_ONE_THREAD)),
    # The convolutional model's batch norm, in Edward's graph and session:
    # edward_lite's layer against contrib's unfused code and TensorFlow's
    # fused layer (whose moving averages the step fetches).
    ("session_run_bn_unfused", "TF1 `Session.run`, edward_lite's batch norm "
     "with `fused=False`", "bare", "session_run",
     dict(EDWARD, batch_norm="edward_lite_unfused")),
    ("session_run_tf_bn", "TF1 `Session.run`, TensorFlow's fused batch norm "
     "(`tf.layers.batch_normalization(fused=True)`)", "bare", "session_run",
     dict(EDWARD, batch_norm="tf_fused")),
]
_BATCH_NORM_WAYS = ("session_run_bn_unfused", "session_run_tf_bn")

# The ways the convolutional model runs: each step costs over ten times
# the MLP's, so only the baseline, the legacy script, every candidate of
# the best path that could matter there, tf.data input and batch norm.
CONV_WAYS = ("matmul_floor", "matmul_floor_lean", "session_run", "update",
             "update_edward", "dataset_arrays", "threads_1x2", "lean",
             "lean_threads_1x2", "lean_dataset_threads_1x2", "xla",
             "session_run_bn_unfused", "session_run_tf_bn")


def _floor_labels(sizes):
  products = "convolutions and matmuls" if is_conv(sizes) else "matmuls"
  return {"matmul_floor": "model's {} alone (TF1, same shapes)".format(
              products),
          "matmul_floor_lean": "the default (lean) graph's {} alone (TF1, "
                               "same shapes)".format(products)}


def build_tf1_ways(sizes, logdir=None, copies=1):
  """Every TF1 way of the model, unprepared, keyed by name, in table order.

  Args:
    sizes: dict, one of SIZES (or from `conv_sizes`): the MLP model runs
      every way, the convolutional one those of CONV_WAYS.
    logdir: str or None. Where the logging way writes; default a new
      temporary directory.
    copies: int. Copies of each graph way's model, timed in turn.

  Returns:
    dict of name to Way.
  """
  if logdir is None:
    logdir = tempfile.mkdtemp(prefix="edward_lite_bench_")
  labels = _floor_labels(sizes)
  ways = {
      "matmul_floor": FloorWay(sizes, "matmul_floor", labels["matmul_floor"],
                               lean_gradients=False),
      "matmul_floor_lean": FloorWay(sizes, "matmul_floor_lean",
                                    labels["matmul_floor_lean"]),
  }
  for name, label, step, baseline, options in _SPECS:
    if is_conv(sizes) and name not in CONV_WAYS:
      continue
    if not is_conv(sizes) and name in _BATCH_NORM_WAYS:
      continue
    if name == "run":
      ways[name] = RunWay(sizes, PLAIN)
      continue
    make = _model_maker(sizes, dict(options), logdir)
    ways[name] = GraphWay(name, label, make, _STEPS[step](sizes), baseline,
                          copies, floor=_floor_of(options))
  return ways


def way_names():
  """Every TF1 way's name, of either model."""
  return ["matmul_floor", "matmul_floor_lean"] + [spec[0] for spec in _SPECS]


def _floor_of(options):
  """The floor way of the graph that `options` build."""
  if options.get("lean_gradients", True):
    return "matmul_floor_lean"
  return "matmul_floor"


def _model_maker(sizes, options, logdir):
  """A function making one copy of the model with `options`."""
  data = options.pop("data", None)
  if options.pop("logdir", False):
    options["logdir"] = logdir
  rows = POOL * sizes["batch"]
  bind = {None: None,
          "arrays": lambda x, z: array_datasets(sizes, x, z, rows),
          "generator": lambda x, z: generator_datasets(sizes, x, z)}[data]
  return lambda: BiGAN(sizes, data=bind, **options)


# Step makers by name: each takes the sizes and returns a function from
# a prepared model to its step.
_STEPS = {
    "bare": lambda sizes: _bare_step([None]),
    "bare_disc_gen": lambda sizes: _bare_disc_gen_step,
    "callable": lambda sizes: _callable_step,
    "feed": lambda sizes: _feed_step(),
    "disc_gen": lambda sizes: _disc_gen_step,
    "no_feed": lambda sizes: _no_feed_step,
    "generator_feed": _generator_feed_step,
}
