"""Kinds of TF1 way: a model's step, `inference.run()`, its products alone.

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

__all__ = ["FLOOR_OPS", "FloorWay", "GraphWay", "RunWay", "floor_ops"]

# The ops a floor keeps: the matrix products and the convolutions, with
# the convolutions' gradients (a transposed convolution is the gradient
# of a convolution with respect to its input).
FLOOR_OPS = ("MatMul", "Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter")


class GraphWay(Way):
  """A way whose steps run in its models' graphs, a copy per round in turn.

  Two copies of one way differ in speed by a few percent (where their
  buffers fall in memory, which threads they get), and that difference
  stays for the whole run, so that no number of rounds averages it out
  of a single copy's ratio. With `copies` > 1, round r times copy
  r % copies, and a ratio's median is over all of them.

  `floor` names the floor way of the graph the way runs (Edward's or the
  lean one), against which its step is fairly compared.
  """

  def __init__(self, name, label, make, step, baseline="session_run",
               copies=1, floor=None):
    super(GraphWay, self).__init__(name, label, baseline)
    self.floor = floor
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


def floor_ops(fetches):
  """The ops of FLOOR_OPS that running `fetches` runs, in graph order."""
  return [op for op in upstream_ops(fetches, control_inputs=True)
          if op.type in FLOOR_OPS]


def _attrs(op):
  """`op`'s attributes but its dtype, as keyword arguments of its raw op."""
  attrs = {}
  for attr in op.op_def.attr:
    if attr.type == "type":
      continue
    value = op.get_attr(attr.name)
    attrs[attr.name] = value.decode() if isinstance(value, bytes) else value
  return attrs


def _rebuilt(op, rng):
  """`op` again, on variables of its inputs' shapes and values from `rng`.

  A size input (a transposed convolution's output shape, a filter
  gradient's filter shape) is the op's own output shape, as a constant.
  """
  inputs = {}
  for arg, tensor in zip(op.op_def.input_arg, op.inputs):
    if tensor.dtype == tf.int32:
      inputs[arg.name] = tf.constant(op.outputs[0].shape.as_list(), tf.int32)
    else:
      inputs[arg.name] = tf.Variable(rng.standard_normal(
          tensor.shape.as_list()).astype(np.float32))
  return getattr(tf.raw_ops, op.type)(**dict(inputs, **_attrs(op)))


class FloorWay(Way):
  """The step's products and convolutions alone: same shapes and settings.

  Found in the real step's graph (every op of FLOOR_OPS the joint update
  runs, forward and backward, with its transposes, strides and
  padding), rebuilt on constant-free variables and run as one group in
  a session with TensorFlow's threads. What a step costs beyond this is
  Adam, element-wise work (batch norm among it) and the session.

  Args:
    sizes: dict, the model's sizes.
    name: str.
    label: str.
    **options: the model's `initialize` options: the graph whose ops
      are taken (`lean_gradients`).
  """

  def __init__(self, sizes, name, label, **options):
    super(FloorWay, self).__init__(name, label, "session_run")
    self.sizes = sizes
    self.options = options
    self.count = 0
    self.session = None

  def prepare(self):
    model = BiGAN(self.sizes, **self.options)
    with model.graph.as_default():
      ops = floor_ops(model.fetch_list())
    self.graph = tf.Graph()
    with self.graph.as_default():
      rng = np.random.RandomState(0)
      outputs = [_rebuilt(op, rng) for op in ops]
      # One element of each output is fetched: grappler turns ops whose
      # outputs nobody reads into no-ops.
      checksum = tf.add_n([output[(0,) * output.shape.ndims]
                           for output in outputs])
      self.session = tf.Session(graph=self.graph)
      self.session.run(tf.global_variables_initializer())
    model.close()
    self.count = len(ops)
    self.step = lambda: self.session.run(checksum)

  def close(self):
    self.session.close()
