"""The TF1 ways to train the benchmark's BiGAN: options, inputs, step calls.

Every way trains its own copy of the model (benchmarks/_models.py) in its
own graph and session; benchmarks/_way_kinds.py has the kinds of way.
"""

import tempfile

import numpy as np

from benchmarks._models import (
    POOL, BiGAN, array_datasets, edward_batches, generator_datasets,
    noise_batches, synthetic_images)
from benchmarks._way_kinds import GraphWay, MatmulFloorWay, RunWay

__all__ = ["EDWARD", "build_tf1_ways"]

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


def build_tf1_ways(sizes, logdir=None, copies=1):
  """Every TF1 way, unprepared, keyed by name, in the table's order.

  Args:
    sizes: dict, one of SIZES.
    logdir: str or None. Where the logging way writes; default a new
      temporary directory.
    copies: int. Copies of each graph way's model, timed in turn.

  Returns:
    dict of name to Way.
  """
  if logdir is None:
    logdir = tempfile.mkdtemp(prefix="edward_lite_bench_")
  rows = POOL * sizes["batch"]
  fast = dict(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
  # One thread per op, two ops at once: the 2 cores each run an op of
  # their own instead of both splitting every op.
  ops_apart = dict(intra_op_parallelism_threads=1,
                   inter_op_parallelism_threads=2)
  tf_threads = dict(intra_op_parallelism_threads=0,
                    inter_op_parallelism_threads=0)
  specs = [
      ("matmul_floor", None),
      ("matmul_floor_lean", None),
      ("session_run", ("TF1 `Session.run(train ops, feed_dict)` (Edward's "
                       "way, the baseline)", lambda: BiGAN(sizes, **EDWARD),
                       _bare_step([None]), None)),
      ("session_callable", ("TF1 `Session.make_callable` of the same ops",
                            lambda: BiGAN(sizes, **EDWARD), _callable_step,
                            "session_run")),
      ("update", ("`update(feed_dict)`, default options (a legacy script)",
                  lambda: BiGAN(sizes), _feed_step(), "session_run")),
      ("update_edward", ("`update()` of Edward's graph and threads "
                         "(`lean_gradients=False`, TF's threads)",
                         lambda: BiGAN(sizes, **EDWARD), _feed_step(),
                         "session_run")),
      ("session_run_disc_gen", ("TF1 `Session.run` of the Disc ops, then "
                                "the Gen ops", lambda: BiGAN(sizes, **EDWARD),
                                _bare_step(["Disc", "Gen"]), "session_run")),
      ("update_disc_gen", ("`update(variables='Disc')` + "
                           "`update(variables='Gen')`",
                           lambda: BiGAN(sizes, **EDWARD), _disc_gen_step,
                           "session_run_disc_gen")),
      ("update_logdir", ("`update()` with `logdir` (summaries every 100)",
                         lambda: BiGAN(sizes, logdir=logdir, n_print=100,
                                       log_timestamp=False, **EDWARD),
                         _feed_step(), "session_run")),
      ("run", None),
      ("feed_generator", ("`update(feed_dict)` from Edward's Python batch "
                          "generator", lambda: BiGAN(sizes),
                          _generator_feed_step(sizes), "session_run")),
      ("dataset_generator", ("`update()`, the same generator as a "
                             "`tf.data.Dataset` (prefetched)",
                             lambda: BiGAN(sizes, data=lambda x, z:
                                           generator_datasets(sizes, x, z)),
                             _no_feed_step, "feed_generator")),
      ("dataset_arrays", ("`update()`, arrays as a `tf.data.Dataset` "
                          "(`dataset_from_arrays`)",
                          lambda: BiGAN(sizes, data=lambda x, z:
                                        array_datasets(x, z, rows)),
                          _no_feed_step, "update")),
      ("threads_1x1", ("`update()`, `lean_gradients=False`, `intra_op=1, "
                       "inter_op=1` threads",
                       lambda: BiGAN(sizes, **dict(PLAIN, **fast)),
                       _feed_step(), "session_run")),
      ("threads_2x1", ("`update()`, `lean_gradients=False`, `intra_op=2, "
                       "inter_op=1` threads",
                       lambda: BiGAN(sizes, intra_op_parallelism_threads=2,
                                     inter_op_parallelism_threads=1, **PLAIN),
                       _feed_step(), "session_run")),
      ("threads_1x2", ("`update()`, `lean_gradients=False`, `intra_op=1, "
                       "inter_op=2` threads",
                       lambda: BiGAN(sizes, **dict(PLAIN, **ops_apart)),
                       _feed_step(), "session_run")),
      ("grappler_no_remap", ("`update()`, `lean_gradients=False`, TF's "
                             "threads, grappler remapper off",
                             lambda: BiGAN(sizes,
                                           rewrite_options={"remapping": False},
                                           **EDWARD),
                             _feed_step(), "session_run")),
      ("lean", ("`update()`, `lean_gradients=True`, TF's threads",
                lambda: BiGAN(sizes, lean_gradients=True, **tf_threads),
                _feed_step(), "session_run")),
      ("lean_dataset", ("`update()`, `lean_gradients=True` + `tf.data` "
                        "arrays, TF's threads",
                        lambda: BiGAN(sizes, lean_gradients=True,
                                      data=lambda x, z: array_datasets(
                                          x, z, rows), **tf_threads),
                        _no_feed_step, "session_run")),
      ("lean_threads_1x2", ("`update()`, `lean_gradients=True` + "
                            "`intra_op=1, inter_op=2`",
                            lambda: BiGAN(sizes, lean_gradients=True,
                                          **ops_apart),
                            _feed_step(), "session_run")),
      ("lean_dataset_threads_1x2", ("`update()`, `lean_gradients=True` + "
                                    "`tf.data` + `intra_op=1, inter_op=2`",
                                    lambda: BiGAN(sizes, lean_gradients=True,
                                                  data=lambda x, z:
                                                  array_datasets(x, z, rows),
                                                  **ops_apart),
                                    _no_feed_step, "session_run")),
      ("xla", ("`update(feed_dict)`, `lean_gradients=False`, `xla=True`",
               lambda: BiGAN(sizes, xla=True, **PLAIN), _feed_step(),
               "session_run")),
      ("xla_dataset", ("`update()`, `lean_gradients=False`, `xla=True` + "
                       "`tf.data` arrays",
                       lambda: BiGAN(sizes, xla=True, data=lambda x, z:
                                     array_datasets(x, z, rows), **PLAIN),
                       _no_feed_step, "session_run")),
      ("xla_dataset_threads_1x1", ("`update()`, `lean_gradients=False`, "
                                   "`xla=True` + `tf.data` + 1x1 threads",
                                   lambda: BiGAN(sizes, xla=True, data=lambda
                                                 x, z: array_datasets(
                                                     x, z, rows),
                                                 **dict(PLAIN, **fast)),
                                   _no_feed_step, "session_run")),
  ]
  ways = {}
  for name, spec in specs:
    if name == "matmul_floor":
      ways[name] = MatmulFloorWay(sizes, lean_gradients=False)
    elif name == "matmul_floor_lean":
      ways[name] = MatmulFloorWay(
          sizes, name, "the default (lean) graph's matmuls alone (TF1, same "
          "shapes)")
    elif name == "run":
      ways[name] = RunWay(sizes, PLAIN)
    else:
      label, make, step, baseline = spec
      ways[name] = GraphWay(name, label, make, step, baseline, copies)
  return ways


def _disc_gen_step(model):
  inference = model.inference

  def step():
    inference.update(model.next_feed(), "Disc")
    inference.update(model.next_feed(), "Gen")
  return step
