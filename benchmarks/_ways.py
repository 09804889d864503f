"""The TF1 ways to train the benchmark's BiGAN, and its lifecycle numbers.

Every way trains its own copy of the model (benchmarks/_models.py) in its
own graph and session.
"""

import contextlib
import io
import os
import tempfile
import time

import numpy as np

import edward_lite as ed  # noqa: F401  (graph mode before TensorFlow)
import tensorflow.compat.v1 as tf
from edward_lite.util.graph_walk import upstream_ops

from benchmarks._harness import Way, time_steps
from benchmarks._models import (
    POOL, BiGAN, array_datasets, edward_batches, generator_datasets,
    noise_batches, synthetic_images)

__all__ = ["EDWARD", "build_tf1_ways", "measure_lifecycle", "rss_bytes"]

# What Edward built and ran: its graph (no lean gradients) in a session
# with TensorFlow's thread setting (0 lets TensorFlow choose; given, it
# also keeps initialize from choosing threads for the machine).
EDWARD = dict(lean_gradients=False, intra_op_parallelism_threads=0,
              inter_op_parallelism_threads=0)
# Edward's graph with TensorFlow's threads: for the ways that add one
# option of their own to it.
PLAIN = dict(lean_gradients=False)


class GraphWay(Way):
  """A way whose steps run in its models' graphs, a copy per round in turn.

  Two copies of one way differ in speed by a few percent (where their
  buffers fall in memory, which threads they get), and that difference
  stays for the whole run, so that no number of rounds averages it out
  of a single copy's ratio. With `copies` > 1, round r times copy
  r % copies, and a ratio's median is over all of them.
  """

  def __init__(self, name, label, make, step, baseline="session_run",
               copies=1):
    super(GraphWay, self).__init__(name, label, baseline)
    self._make = make
    self._make_step = step
    self.copies = copies
    self.models = []
    self._steps = []
    self._turn = 0

  def prepare(self):
    for _ in range(self.copies):
      model = self._make()
      self.models.append(model)
      self._steps.append(self._make_step(model))

  def warm_up(self, count):
    first = None
    for model, step in zip(self.models, self._steps):
      if count < 1:
        break
      with model.graph.as_default():
        walls, _ = time_steps(step, 1)
        time_steps(step, count - 1)
      first = walls[0] if first is None else first
    return first

  def block(self, count):
    index = self._turn % len(self.models)
    self._turn += 1
    with self.models[index].graph.as_default():
      return time_steps(self._steps[index], count)

  def session_threads(self):
    """(intra_op, inter_op) of each copy's session; (0, 0) is TF's choice.

    For the ways with default options, what `initialize` chose by timing
    the step.
    """
    found = []
    for model in self.models:
      config = model.session._config  # pylint: disable=protected-access
      found.append((config.intra_op_parallelism_threads,
                    config.inter_op_parallelism_threads))
    return found

  def close(self):
    for model in self.models:
      model.close()


class RunWay(Way):
  """`inference.run()` with its progress bar, timed from inside its loop.

  `run()` owns its loop (and calls `initialize` itself), so this way
  drives the rounds: after each of its blocks, the other ways run theirs.
  A step's time is from the end of one `print_progress` to the end of
  the next: `update()` plus the bar, as `run()` does them.
  """

  drives = True

  def __init__(self, sizes):
    super(RunWay, self).__init__(
        "run", "`inference.run()` (Progbar, data bound in `data`)",
        "session_run")
    self.sizes = sizes
    self.model = None

  def prepare(self):
    def bind_arrays(x_ph, z_ph):
      rng = np.random.RandomState(0)
      return {x_ph: rng.binomial(1, 0.5, (self.sizes["batch"],
                                          self.sizes["pixels"]))
                    .astype(np.float32),
              z_ph: rng.standard_normal((self.sizes["batch"],
                                         self.sizes["latent"]))
                    .astype(np.float32)}
    self.model = BiGAN(self.sizes, data=bind_arrays, construct_only=True)
    # Edward's graph. Its session keeps TensorFlow's threads: the other
    # ways' sessions were made default after it, so initialize neither
    # chooses threads for it nor could replace it for thread options.
    self.options = dict(PLAIN)

  def drive(self, warmup, rounds, block, between, result):
    inference = self.model.inference
    original = inference.print_progress
    state = {"steps": 0, "wall": None, "cpu": None, "walls": [], "cpus": []}

    def timed_print_progress(info_dict):
      original(info_dict)
      wall, cpu = time.perf_counter(), time.process_time()
      if state["wall"] is not None and state["steps"] >= warmup:
        state["walls"].append(wall - state["wall"])
        state["cpus"].append(cpu - state["cpu"])
      state["steps"] += 1
      if len(state["walls"]) == block:
        result.add(state["walls"], state["cpus"])
        state["walls"], state["cpus"] = [], []
        between()
      state["wall"], state["cpu"] = time.perf_counter(), time.process_time()

    inference.print_progress = timed_print_progress
    n_iter = warmup + rounds * block + 1
    with self.model.graph.as_default(), \
        contextlib.redirect_stdout(io.StringIO()):
      inference.run(n_iter=n_iter, optimizer=tf.train.AdamOptimizer(),
                    optimizer_d=tf.train.AdamOptimizer(), **self.options)

  def close(self):
    if self.model is not None:
      self.model.close()


class MatmulFloorWay(Way):
  """The step's matrix products alone: same shapes, same session defaults.

  Found in the real step's graph (every MatMul the joint update runs,
  forward and backward, with its transposes), rebuilt on constant-free
  variables and run as one group. What a step costs beyond this is
  Adam, element-wise work and the session.
  """

  def __init__(self, sizes, name="matmul_floor",
               label="model's matmuls alone (TF1, same shapes)",
               **options):
    super(MatmulFloorWay, self).__init__(name, label, "session_run")
    self.sizes = sizes
    self.options = options
    self.count = 0

  def prepare(self):
    model = BiGAN(self.sizes, **self.options)
    shapes = []
    with model.graph.as_default():
      ops = upstream_ops(model.fetch_list(), control_inputs=True)
      for op in ops:
        if op.type == "MatMul":
          shapes.append((op.inputs[0].shape.as_list(),
                         op.inputs[1].shape.as_list(),
                         op.get_attr("transpose_a"),
                         op.get_attr("transpose_b")))
    model.close()
    self.count = len(shapes)
    self.graph = tf.Graph()
    with self.graph.as_default():
      rng = np.random.RandomState(0)
      products = []
      for shape_a, shape_b, transpose_a, transpose_b in shapes:
        a = tf.Variable(rng.standard_normal(shape_a).astype(np.float32))
        b = tf.Variable(rng.standard_normal(shape_b).astype(np.float32))
        products.append(tf.matmul(a, b, transpose_a=transpose_a,
                                  transpose_b=transpose_b))
      # One element of each product is fetched: grappler turns ops whose
      # outputs nobody reads into no-ops.
      checksum = tf.add_n([product[0, 0] for product in products])
      self.session = tf.Session(graph=self.graph)
      self.session.run(tf.global_variables_initializer())
    self.step = lambda: self.session.run(checksum)

  def close(self):
    self.session.close()


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
      ways[name] = RunWay(sizes)
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


def rss_bytes():
  """This process's resident set size now (Linux), or None."""
  try:
    with open("/proc/self/statm") as handle:
      return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
  except (OSError, ValueError, IndexError):
    return None


def measure_lifecycle(sizes, rss_steps):
  """Build, first-step and long-run numbers for `update()`.

  Args:
    sizes: dict, one of SIZES.
    rss_steps: int. Updates between the two RSS readings.

  Returns:
    dict of str to float.
  """
  model = BiGAN(sizes)
  with model.graph.as_default():
    inference = model.inference
    start = time.perf_counter()
    inference.update(model.next_feed())
    first_step = time.perf_counter() - start
    ops_before = len(model.graph.get_operations())
    rss_before = rss_bytes()
    for _ in range(rss_steps):
      inference.update(model.next_feed())
    rss_after = rss_bytes()
    grew = len(model.graph.get_operations()) - ops_before
  result = {
      "construct_s": model.construct_seconds,
      "initialize_s": model.initialize_seconds,
      "variables_init_s": model.init_seconds,
      "first_step_s": first_step,
      "rss_steps": rss_steps,
      "rss_before_mb": None if rss_before is None else rss_before / 2**20,
      "rss_after_mb": None if rss_after is None else rss_after / 2**20,
      "graph_ops_added_by_updates": grew,
  }
  model.close()
  return result
