"""Session threads chosen for the machine by timing the model's own step.

How many threads a step should use depends on the machine and on the
model: on 2 cores, Edward's MNIST BiGAN runs 0.88x faster with one
thread per op and two ops at once (`intra_op=1, inter_op=2`) than with
TensorFlow's default (both pools as large as the cores), because its
ops are small and its step has independent branches; a model made of one
chain of large products would rather split each op. So when the user
gives no thread options and runs in edward_lite's own session,
`initialize` times a few steps of the model under each of a small set of
settings (`candidates`), in sessions of its own that are thrown away,
and keeps the fastest. TensorFlow's default is kept unless another
setting is clearly faster (`MARGIN`).

The timing runs the step's own ops on zeros of the placeholders' shapes,
in probe sessions whose variables are initialized there: the user's
session, its variables and its random streams are not touched. Where
that cannot be done (a placeholder of unknown shape, a `tf.data`
iterator read inside the step, ops placed on several devices), nothing
is timed and TensorFlow's default stays.

Thread settings change only how float sums are split, so the losses are
the same to float rounding whichever setting wins.
"""

import os
import statistics
import time

import numpy as np

from edward_lite._tf import tf, tf1
from edward_lite.util.graph_walk import upstream_ops

__all__ = ["MARGIN", "candidates", "choose", "schedulable_cpus"]

# Another setting replaces TensorFlow's default only when its median
# step is at least this much shorter: closer than that is noise.
MARGIN = 0.97

# Seconds of timed steps, over all candidates; at least one round of
# STEPS_PER_BLOCK steps per candidate is timed.
BUDGET_SECONDS = 0.2
STEPS_PER_BLOCK = 3
MAX_ROUNDS = 5
# A step longer than this (after its first run) is not timed: the probe
# would add seconds to start-up.
MAX_STEP_SECONDS = 0.25
# Nor are steps whose variables hold more bytes than this: each probe
# session holds a copy of them.
MAX_VARIABLE_BYTES = 2 ** 28

# Ops that read the next batch: timing them would consume the user's data.
_INPUT_OPS = ("IteratorGetNext", "IteratorGetNextSync",
              "IteratorGetNextAsOptional", "QueueDequeueV2",
              "QueueDequeueManyV2", "QueueDequeueUpToV2")


def schedulable_cpus():
  """The logical CPUs this process may run on."""
  try:
    return len(os.sched_getaffinity(0))
  except AttributeError:  # not on Linux
    return os.cpu_count() or 1


def candidates(cpus):
  """The (intra_op, inter_op) settings to time; None is TensorFlow's default.

  TensorFlow's default gives both pools as many threads as cores. On 2
  cores the only other setting worth timing is one thread per op and two
  ops at once (`1, 1` and `2, 1` leave a core idle: 1.49x and 1.23x the
  default on the benchmark's BiGAN); with more cores, also ops split in
  two with half as many at once.

  Args:
    cpus: int. Logical CPUs.

  Returns:
    list of None or (int, int), TensorFlow's default first; empty for one
    CPU, where there is nothing to choose.
  """
  if cpus < 2:
    return []
  found = [None, (1, cpus)]
  if cpus >= 4:
    found.append((2, cpus // 2))
  return found


def _step_ops(fetches):
  """Every op that running `fetches` needs, control inputs included."""
  return set(upstream_ops(fetches, control_inputs=True))


def _zero_feeds(ops):
  """Zeros for every placeholder among `ops`, or None for an unknown shape."""
  feeds = {}
  for op in ops:
    if op.type != "Placeholder":
      continue
    tensor = op.outputs[0]
    if (not tensor.shape.is_fully_defined() or
        not tensor.dtype.is_numpy_compatible):
      return None
    feeds[tensor] = np.zeros(tensor.shape.as_list(),
                             tensor.dtype.as_numpy_dtype)
  return feeds


def _bytes(variable):
  shape = variable.shape
  if not shape.is_fully_defined():
    return None
  return shape.num_elements() * variable.dtype.base_dtype.size


def _probe_plan(fetches, variables):
  """(initializers, feeds) for timing `fetches` in a probe session, or None."""
  step_ops = _step_ops(fetches)
  if any(op.type in _INPUT_OPS or op.device for op in step_ops):
    return None
  by_op = {variable.op: variable for variable in variables}
  read = [by_op[op] for op in step_ops if op in by_op]
  sizes = [_bytes(variable) for variable in read]
  if None in sizes or sum(sizes) > MAX_VARIABLE_BYTES:
    return None
  initializers = [variable.initializer for variable in read]
  feeds = _zero_feeds(step_ops | _step_ops(initializers))
  if feeds is None:
    return None
  return initializers, feeds


def time_settings(graph, fetches, variables, configs):
  """Seconds per step of `fetches` in a new session per config.

  Each config's steps are timed in blocks, interleaved with the other
  configs' blocks; its time is the least of its blocks' medians.

  Args:
    graph: tf.Graph.
    fetches: list of tf.Tensor or tf.Operation. One training step.
    variables: list of tf.Variable. Every variable the step may read.
    configs: list of tf.compat.v1.ConfigProto or None.

  Returns:
    list of float, one per config, or None when the step cannot be
    timed apart from the user's session.
  """
  plan = _probe_plan(fetches, variables)
  if plan is None:
    return None
  initializers, feeds = plan
  sessions = []
  try:
    for config in configs:
      session = tf1.Session(graph=graph, config=config)
      sessions.append(session)
      session.run(initializers, feeds)
      session.run(fetches, feeds)  # grappler, allocations
      start = time.perf_counter()
      session.run(fetches, feeds)
      step_seconds = time.perf_counter() - start
      if step_seconds > MAX_STEP_SECONDS:
        return None
    rounds = int(BUDGET_SECONDS / max(step_seconds, 1e-6) /
                 (STEPS_PER_BLOCK * len(sessions)))
    rounds = max(1, min(MAX_ROUNDS, rounds))
    blocks = [[] for _ in sessions]
    for round_index in range(rounds):
      # A slow spell of the machine falls on every setting alike.
      shift = round_index % len(sessions)
      order = list(range(len(sessions)))
      for index in order[shift:] + order[:shift]:
        steps = []
        for _ in range(STEPS_PER_BLOCK):
          start = time.perf_counter()
          sessions[index].run(fetches, feeds)
          steps.append(time.perf_counter() - start)
        blocks[index].append(statistics.median(steps))
  except (tf.errors.OpError, ValueError, TypeError):
    return None
  finally:
    for session in sessions:
      session.close()
  # Other work on the machine only ever lengthens a block: its quietest
  # block says best what a setting costs.
  return [min(medians) for medians in blocks]


def choose(graph, fetches, variables, config_for):
  """The fastest thread setting for the step, or None for TensorFlow's.

  Args:
    graph: tf.Graph.
    fetches: list of tf.Tensor or tf.Operation. One training step.
    variables: list of tf.Variable. Every variable the step may read.
    config_for: callable (intra or None, inter or None) -> ConfigProto or
      None. The session config of a setting, with the user's other
      session options.

  Returns:
    (intra_op, inter_op, step seconds by setting), with intra_op and
    inter_op None for TensorFlow's default; None when nothing was timed.
  """
  settings = candidates(schedulable_cpus())
  if not settings:
    return None
  configs = [config_for(*(setting or (None, None))) for setting in settings]
  seconds = time_settings(graph, fetches, variables, configs)
  if seconds is None:
    return None
  timings = {setting: value for setting, value in zip(settings, seconds)}
  best = min(settings, key=timings.get)
  if timings[best] > MARGIN * timings[None]:
    best = None
  intra, inter = best or (None, None)
  return intra, inter, timings
