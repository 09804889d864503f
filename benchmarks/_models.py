"""The benchmark's model, Edward's MNIST BiGAN, and the TF1 ways to train it.

The model is that of Edward's examples/bigan.py: batch 100, encoder
784-300-50, generator 50-300-784 (sigmoid output), discriminator on the
concatenated pair 834-300-1, leaky ReLU written as `tf.maximum(x, 0.2x)`,
two `tf.train.AdamOptimizer()`, both train ops in one step. Data are
synthetic: timing does not depend on pixel values, and the benchmark
must not need MNIST on disk.

Every way trains its own copy of the model in its own graph and session
(edward_lite's own, as Edward's scripts use it), so that session options
and input pipelines do not interfere.
"""

import contextlib
import io
import os
import tempfile
import time

import numpy as np

import edward_lite as ed
import tensorflow.compat.v1 as tf

from benchmarks._harness import Way, time_steps
from edward_lite.util.data_pipeline import dataset_from_arrays

__all__ = [
    "SIZES",
    "BiGAN",
    "build_tf1_ways",
    "edward_batches",
]

SIZES = {
    "full": dict(batch=100, pixels=784, latent=50, hidden=300, rows=10000),
    "tiny": dict(batch=4, pixels=12, latent=3, hidden=8, rows=40),
}

# Distinct batches the feed_dict ways cycle through, as a training loop
# feeds a new batch every step.
POOL = 16
LEAK = 0.2


def _leaky_relu(x):
  return tf.maximum(x, LEAK * x)


def synthetic_images(sizes, seed=0):
  """uint8 'images' standing in for MNIST's training set."""
  rng = np.random.RandomState(seed)
  return rng.randint(0, 256, (sizes["rows"], sizes["pixels"])).astype(
      np.uint8)


def edward_batches(images, batch_size, rng):
  """Edward's examples/bigan.py generator: next rows, scaled, binarized.

  The per-batch work (scaling and a Bernoulli draw per pixel) is the
  input preparation a feed_dict loop pays between two steps.
  """
  start = 0
  while True:
    stop = start + batch_size
    if stop <= images.shape[0]:
      batch = images[start:stop]
      start = stop
    else:
      batch = np.concatenate([images[start:], images[:stop - images.shape[0]]])
      start = stop - images.shape[0]
    yield rng.binomial(1, batch.astype(np.float32) / 255.0).astype(np.float32)


def noise_batches(sizes, rng):
  while True:
    yield rng.standard_normal((sizes["batch"], sizes["latent"])).astype(
        np.float32)


class BiGAN(object):
  """One copy of the model, with its inference, in a graph of its own.

  Args:
    sizes: dict, one of SIZES.
    data: callable (x_ph, z_ph) -> dict of extra `data` entries (dataset
      or array bindings of the placeholders), or None.
    construct_only: bool. Make the inference but leave `initialize` to
      the caller (for `run()`).
    **options: passed to `initialize`.
  """

  def __init__(self, sizes, data=None, construct_only=False, seed=42,
               **options):
    self.sizes = sizes
    self.graph = tf.Graph()
    with self.graph.as_default():
      ed.set_seed(seed)
      self.x_ph = tf.placeholder(tf.float32, [sizes["batch"], sizes["pixels"]])
      self.z_ph = tf.placeholder(tf.float32, [sizes["batch"], sizes["latent"]])
      hidden = sizes["hidden"]
      with tf.variable_scope("Gen"):
        self.xf = tf.layers.dense(
            tf.layers.dense(self.z_ph, hidden, _leaky_relu),
            sizes["pixels"], tf.sigmoid)
        self.zf = tf.layers.dense(
            tf.layers.dense(self.x_ph, hidden, _leaky_relu), sizes["latent"])

      def discriminator(x, z):
        joint = tf.concat([x, z], 1)
        return tf.layers.dense(tf.layers.dense(joint, hidden, _leaky_relu), 1)

      bound = {self.xf: self.x_ph}
      if data is not None:
        bound.update(data(self.x_ph, self.z_ph))
      start = time.perf_counter()
      self.inference = ed.BiGANInference({self.z_ph: self.zf}, bound,
                                         discriminator)
      self.construct_seconds = time.perf_counter() - start
      self.initialize_seconds = None
      if not construct_only:
        start = time.perf_counter()
        self.inference.initialize(
            optimizer=tf.train.AdamOptimizer(),
            optimizer_d=tf.train.AdamOptimizer(), **options)
        self.initialize_seconds = time.perf_counter() - start
        start = time.perf_counter()
        self.session.run(tf.global_variables_initializer())
        self.init_seconds = time.perf_counter() - start
    rng = np.random.RandomState(seed)
    self.x_pool = [rng.binomial(1, 0.5, (sizes["batch"], sizes["pixels"]))
                   .astype(np.float32) for _ in range(POOL)]
    self.z_pool = [rng.standard_normal((sizes["batch"], sizes["latent"]))
                   .astype(np.float32) for _ in range(POOL)]
    self._next = 0

  @property
  def session(self):
    with self.graph.as_default():
      return ed.get_session()

  def next_feed(self):
    """A new batch from the pool, as a feed_dict."""
    index = self._next % POOL
    self._next += 1
    return {self.x_ph: self.x_pool[index], self.z_ph: self.z_pool[index]}

  def fetch_list(self, variables=None):
    """The step's own fetches, as a plain list for `Session.run`."""
    fetches = self.inference._fetches[variables]  # pylint: disable=protected-access
    return [fetches[name] for name in sorted(fetches)]

  def close(self):
    self.session.close()


class GraphWay(Way):
  """A way whose steps run in one model's graph."""

  def __init__(self, name, label, make, step, baseline="session_run"):
    super(GraphWay, self).__init__(name, label, baseline)
    self._make = make
    self._make_step = step
    self.model = None

  def prepare(self):
    self.model = self._make()
    self.step = self._make_step(self.model)

  def block(self, count):
    with self.model.graph.as_default():
      return time_steps(self.step, count)

  def close(self):
    if self.model is not None:
      self.model.close()


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
                    optimizer_d=tf.train.AdamOptimizer())

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

  def __init__(self, sizes):
    super(MatmulFloorWay, self).__init__(
        "matmul_floor", "model's matmuls alone (TF1, same shapes)",
        "session_run")
    self.sizes = sizes
    self.count = 0

  def prepare(self):
    model = BiGAN(self.sizes)
    shapes = []
    with model.graph.as_default():
      ops = _step_ops(model.fetch_list())
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


def _step_ops(fetches):
  """Every op the fetches need, control inputs included."""
  seen = set()
  stack = [f if isinstance(f, tf.Operation) else f.op for f in fetches]
  while stack:
    op = stack.pop()
    if op in seen:
      continue
    seen.add(op)
    stack.extend(t.op for t in op.inputs)
    stack.extend(op.control_inputs)
  return seen


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


def _generator_datasets(sizes, x_ph, z_ph):
  images = synthetic_images(sizes)
  return {
      x_ph: tf.data.Dataset.from_generator(
          lambda: edward_batches(images, sizes["batch"],
                                 np.random.RandomState(1)),
          tf.float32, x_ph.shape),
      z_ph: tf.data.Dataset.from_generator(
          lambda: noise_batches(sizes, np.random.RandomState(2)),
          tf.float32, z_ph.shape),
  }


def _array_datasets(x_ph, z_ph, rows):
  rng = np.random.RandomState(3)
  return {
      x_ph: dataset_from_arrays(
          rng.binomial(1, 0.5, (rows, x_ph.shape[1])).astype(np.float32),
          int(x_ph.shape[0])),
      z_ph: dataset_from_arrays(
          rng.standard_normal((rows, z_ph.shape[1])).astype(np.float32),
          int(z_ph.shape[0])),
  }


def build_tf1_ways(sizes, logdir=None):
  """Every TF1 way, unprepared, keyed by name, in the table's order.

  Args:
    sizes: dict, one of SIZES.
    logdir: str or None. Where the logging way writes; default a new
      temporary directory.

  Returns:
    dict of name to Way.
  """
  if logdir is None:
    logdir = tempfile.mkdtemp(prefix="edward_lite_bench_")
  rows = POOL * sizes["batch"]
  fast = dict(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
  specs = [
      ("matmul_floor", None),
      ("session_run", ("TF1 `Session.run(train ops, feed_dict)` (Edward's "
                       "way, the baseline)", lambda: BiGAN(sizes),
                       _bare_step([None]), None)),
      ("session_callable", ("TF1 `Session.make_callable` of the same ops",
                            lambda: BiGAN(sizes), _callable_step,
                            "session_run")),
      ("update", ("`update()`", lambda: BiGAN(sizes), _feed_step(),
                  "session_run")),
      ("session_run_disc_gen", ("TF1 `Session.run` of the Disc ops, then "
                                "the Gen ops", lambda: BiGAN(sizes),
                                _bare_step(["Disc", "Gen"]), "session_run")),
      ("update_disc_gen", ("`update(variables='Disc')` + "
                           "`update(variables='Gen')`", lambda: BiGAN(sizes),
                           _disc_gen_step, "session_run_disc_gen")),
      ("update_logdir", ("`update()` with `logdir` (summaries every 100)",
                         lambda: BiGAN(sizes, logdir=logdir, n_print=100,
                                       log_timestamp=False),
                         _feed_step(), "session_run")),
      ("run", None),
      ("feed_generator", ("`update(feed_dict)` from Edward's Python batch "
                          "generator", lambda: BiGAN(sizes),
                          _generator_feed_step(sizes), "session_run")),
      ("dataset_generator", ("`update()`, the same generator as a "
                             "`tf.data.Dataset` (prefetched)",
                             lambda: BiGAN(sizes, data=lambda x, z:
                                           _generator_datasets(sizes, x, z)),
                             _no_feed_step, "feed_generator")),
      ("dataset_arrays", ("`update()`, arrays as a `tf.data.Dataset` "
                          "(`dataset_from_arrays`)",
                          lambda: BiGAN(sizes, data=lambda x, z:
                                        _array_datasets(x, z, rows)),
                          _no_feed_step, "update")),
      ("threads_1x1", ("`update()`, `intra_op=1, inter_op=1` threads",
                       lambda: BiGAN(sizes, **fast), _feed_step(),
                       "session_run")),
      ("threads_2x1", ("`update()`, `intra_op=2, inter_op=1` threads",
                       lambda: BiGAN(sizes, intra_op_parallelism_threads=2,
                                     inter_op_parallelism_threads=1),
                       _feed_step(), "session_run")),
      ("grappler_no_remap", ("`update()`, grappler remapper off",
                             lambda: BiGAN(sizes,
                                           rewrite_options={"remapping": False}),
                             _feed_step(), "session_run")),
      ("xla", ("`update(feed_dict)`, `xla=True`",
               lambda: BiGAN(sizes, xla=True), _feed_step(), "session_run")),
      ("xla_dataset", ("`update()`, `xla=True` + `tf.data` arrays",
                       lambda: BiGAN(sizes, xla=True, data=lambda x, z:
                                     _array_datasets(x, z, rows)),
                       _no_feed_step, "session_run")),
      ("xla_dataset_threads_1x1", ("`update()`, `xla=True` + `tf.data` + "
                                   "1x1 threads",
                                   lambda: BiGAN(sizes, xla=True, data=lambda
                                                 x, z: _array_datasets(
                                                     x, z, rows), **fast),
                                   _no_feed_step, "session_run")),
  ]
  ways = {}
  for name, spec in specs:
    if name == "matmul_floor":
      ways[name] = MatmulFloorWay(sizes)
    elif name == "run":
      ways[name] = RunWay(sizes)
    else:
      label, make, step, baseline = spec
      ways[name] = GraphWay(name, label, make, step, baseline)
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
