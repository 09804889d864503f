"""Kinds of TF1 way: a model's step, `inference.run()`, the matmuls alone.

Every way trains its own copy of the model (benchmarks/_models.py) in its
own graph and session; benchmarks/_ways.py lists the ways.
"""

import contextlib
import io
import time

import numpy as np

import edward_lite as ed  # noqa: F401  (graph mode before TensorFlow)
import tensorflow.compat.v1 as tf
from edward_lite.util.graph_walk import upstream_ops

from benchmarks._harness import Way, time_steps
from benchmarks._models import BiGAN

__all__ = ["GraphWay", "MatmulFloorWay", "RunWay"]


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

  def __init__(self, sizes, options):
    """`options`: what `run()` passes to `initialize`."""
    super(RunWay, self).__init__(
        "run", "`inference.run()` (Progbar, data bound in `data`)",
        "session_run")
    self.sizes = sizes
    self.model = None
    self.options = dict(options)

  def prepare(self):
    def bind_arrays(x_ph, z_ph):
      rng = np.random.RandomState(0)
      return {x_ph: rng.binomial(1, 0.5, (self.sizes["batch"],
                                          self.sizes["pixels"]))
                    .astype(np.float32),
              z_ph: rng.standard_normal((self.sizes["batch"],
                                         self.sizes["latent"]))
                    .astype(np.float32)}
    # Its session keeps TensorFlow's threads: the other ways' sessions
    # were made default after it, so initialize neither chooses threads
    # for it nor could replace it for thread options.
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
