"""Data-parallel training of the adversarial inferences with tf.distribute.

`GANInference.initialize(..., strategy=strategy)` hands the building of
its losses, gradients and train ops to `build_train_ops`, which returns
them as the one-device branch does (`_adversarial/train_ops.TrainOps`). Under a
`tf.distribute` strategy (`MirroredStrategy` over the devices of one
machine, `MultiWorkerMirroredStrategy` over several processes) every
replica computes both objectives on its own slice of the global batch,
the gradients are all-reduced, and every replica applies the same update,
so all copies of each variable stay equal.

Edward's scripts build the generative model before the inference exists,
so there is no model function to call once per replica. Instead, on the
first replica, the ops between the batch inputs (fed placeholders,
dataset tensors) and the tensors bound in `data` and `latent_vars` are
copied to read that replica's slice of the batch, and the inference's
own `build_loss_and_gradients` builds the discriminator, the losses and
their gradients on them. Every other replica copies those loss and
gradient ops, reading its own slice and its own copy of each variable.

This module is what the inference sees of a strategy: the arguments,
the datasets, and the train ops built over the replicas. What each
replica builds, its slices of the batch and its copy of the model's
ops, lives in `replicas.py`; each replica applies its gradients with the
update ops of `_adversarial/train_ops.py`, as one device does.

The objective stays Edward's mean over the global batch: tf.compat.v1
optimizers SUM the replicas' gradients, so each replica's gradients are
those of its loss divided by the number of replicas, while the losses
`update` returns are the mean of the replicas' unscaled losses.
"""

import contextlib
import inspect
import weakref

from edward_lite import _tf
from edward_lite._tf import tf, tf1
from edward_lite.inferences._adversarial import train_ops
from edward_lite.inferences._distributed import cluster
from edward_lite.inferences._distributed import replicas
from edward_lite.inferences._setup.numeric_checks import numeric_checks
from edward_lite.inferences._setup.optimizers import (
    build_optimizer, check_var_list)

__all__ = [
    "DEFAULT_COLLECTIVE_TIMEOUT",
    "build_train_ops",
    "distribute_dataset",
    "initialize_arguments",
    "is_chief",
    "scope",
    "step_runner",
]

# Seconds one multi-worker training step may wait for the other workers
# before it fails; see `initialize_arguments`.
DEFAULT_COLLECTIVE_TIMEOUT = cluster.DEFAULT_TIMEOUT


# Graph -> {batch tensor ref: PerReplica}: the worker-level batches made by
# `distribute_dataset`, and the per-replica parts each replica reads instead.
_DATASET_PARTS = weakref.WeakKeyDictionary()

# The strategies edward_lite trains with: one copy of every variable per
# replica, kept equal by all-reduced updates.
_SUPPORTED = (
    (tf.distribute.MirroredStrategy, "tf.distribute.MirroredStrategy"),
    (tf1.distribute.MirroredStrategy,
     "tf.compat.v1.distribute.MirroredStrategy"),
    (tf1.distribute.experimental.MultiWorkerMirroredStrategy,
     "tf.compat.v1.distribute.experimental.MultiWorkerMirroredStrategy"),
)


def is_chief(strategy):
  """Whether this process reports progress and writes summaries.

  Args:
    strategy: tf.distribute.Strategy.

  Returns:
    bool. True on the chief worker, and always for single-machine
    strategies.
  """
  return bool(strategy.extended.should_save_summary)


def _check_strategy(strategy):
  """Refuses what is not a strategy, and strategies edward_lite cannot use.

  Raises:
    TypeError: if `strategy` is not a tf.distribute.Strategy.
    ValueError: if it is one that keeps a single copy of the variables
      (OneDeviceStrategy, CentralStorageStrategy, parameter servers), a
      TPUStrategy, or TensorFlow 2's MultiWorkerMirroredStrategy, which
      needs eager execution.
  """
  if not isinstance(strategy, (tf.distribute.Strategy,
                               tf1.distribute.Strategy)):
    raise TypeError("strategy must be a tf.distribute.Strategy or None; got "
                    "{}.".format(type(strategy).__name__))
  if isinstance(strategy, tuple(cls for cls, _ in _SUPPORTED)):
    return
  name = _public_name(type(strategy))
  if isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy):
    hint = (" TensorFlow 2's class needs eager execution; in graph mode use "
            "tf.compat.v1.distribute.experimental.MultiWorkerMirroredStrategy.")
  else:
    hint = ""
  raise ValueError(
      "strategy: {} is not supported. edward_lite trains data-parallel with "
      "one copy of every variable per replica, under {}.{}".format(
          name, ", ".join(label for _, label in _SUPPORTED[:-1]) + " or " +
          _SUPPORTED[-1][1], hint))


def _public_name(cls):
  """The name users write for a TensorFlow class: tf.distribute.TPUStrategy
  for the class TPUStrategyV2."""
  for attribute, prefix in (("_tf_api_names", "tf."),
                            ("_tf_api_names_v1", "tf.compat.v1.")):
    names = cls.__dict__.get(attribute)
    if names:
      return prefix + names[0]
  return cls.__name__


def _is_multi_worker(strategy):
  return isinstance(strategy,
                    tf1.distribute.experimental.MultiWorkerMirroredStrategy)


def _check_timeout(name, seconds):
  if seconds is None:
    return
  if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
    raise TypeError("{} must be a number of seconds or None; got {}.".format(
        name, type(seconds).__name__))
  if not seconds > 0:
    raise ValueError("{} must be positive (None waits for ever); got "
                     "{}.".format(name, seconds))


def initialize_arguments(strategy, var_list, args, kwargs, initialize):
  """Checks the strategy; the arguments of `initialize` and the timeout.

  Only the chief reports: on other workers `n_print` becomes 0 (no
  progress bar, no summaries) and `logdir` None (no event file).

  `kwargs` may hold `collective_timeout`: with MultiWorkerMirroredStrategy,
  the seconds one training step (its all-reduces with the other workers)
  may take before `update` raises `WorkerTimeoutError` (default
  `DEFAULT_COLLECTIVE_TIMEOUT`; None waits for ever). It is taken out
  here, for `step_runner`.

  Args:
    strategy: tf.distribute.Strategy.
    var_list: list of tf.Variable or None. The generator's variables.
    args: tuple. Positional arguments meant for `initialize`.
    kwargs: dict. Keyword arguments meant for `initialize`.
    initialize: function. The `initialize` they are meant for
      (`Inference.initialize`), whose signature binds them by name.

  Returns:
    (args, kwargs, collective_timeout): what to call `initialize` with,
    and the timeout.

  Raises:
    TypeError: if `strategy` is not a tf.distribute.Strategy, or
      `collective_timeout` not a number.
    ValueError: if `strategy` is not one edward_lite trains with, a
      variable of `var_list` is not a distributed one, or
      `collective_timeout` is not positive.
  """
  _check_strategy(strategy)
  check_var_list(var_list)
  replicas.check_distributed(var_list or [], "var_list")
  kwargs = dict(kwargs)
  timeout = kwargs.pop("collective_timeout", DEFAULT_COLLECTIVE_TIMEOUT)
  _check_timeout("collective_timeout", timeout)
  if is_chief(strategy):
    return args, kwargs, timeout
  bound = inspect.signature(initialize).bind(None, *args, **kwargs)
  arguments = dict(bound.arguments)
  del arguments["self"]
  arguments.update(n_print=0, logdir=None)
  return (), arguments, timeout


def scope(strategy):
  """`strategy.scope()`, or a context that does nothing for None."""
  if strategy is None:
    return contextlib.nullcontext()
  return strategy.scope()


def step_runner(strategy, runner, timeout):
  """The step runner under `strategy`: with a deadline on several workers.

  Args:
    strategy: tf.distribute.Strategy.
    runner: StepRunner. The inference's.
    timeout: float or None. `collective_timeout`.

  Returns:
    `runner`, or under MultiWorkerMirroredStrategy a `WorkerFaults`
    around it, which names the worker a timed-out step waited for.
  """
  if _is_multi_worker(strategy):
    return cluster.WorkerFaults(runner, strategy, timeout)
  return runner


def distribute_dataset(strategy, dataset):
  """Distributes a dataset of global batches over the strategy's replicas.

  Each element of `dataset` is one global batch; each replica receives
  its own consecutive slice of it (with `MultiWorkerMirroredStrategy`,
  each worker reads only its replicas' slices). Bind the returned batch
  in `data` as usual: under `initialize(strategy=...)` each replica
  reads its own slice instead.

  Args:
    strategy: tf.distribute.Strategy.
    dataset: tf.data.Dataset of global batches, their size divisible by
      the number of replicas (`batch(..., drop_remainder=True)`).

  Returns:
    (batch, initializer): the tensor (or nested structure of tensors) of
    this worker's part of the global batch, and the op that initializes
    the iterator, to run once before training.

  Raises:
    TypeError: if `strategy` is not a tf.distribute.Strategy.
  """
  _check_strategy(strategy)
  # experimental_distribute_dataset's iterators need eager execution or a
  # tf.function; this older API makes graph-mode iterators.
  iterator = strategy.make_dataset_iterator(dataset)
  parts = iterator.get_next()
  registry = _DATASET_PARTS.setdefault(tf1.get_default_graph(), {})

  def worker_batch(per_replica):
    batch = tf.concat(strategy.experimental_local_results(per_replica), 0)
    registry[batch.ref()] = per_replica
    return batch

  return tf.nest.map_structure(worker_batch, parts), iterator.initializer


def build_train_ops(inference, strategy, optimizers, var_list):
  """Builds a GANInference's losses and train ops under a strategy.

  What the one-device branch builds: `loss` and `loss_d` (means over the
  replicas), their gradients (each a per-replica value, unscaled), the
  ops of each step, every replica's updates merged, and with
  `debug=True` the numeric checks of both losses (which the updates do
  not wait for).

  Args:
    inference: GANInference (or a subclass), after `Inference.initialize`.
    strategy: tf.distribute.Strategy.
    optimizers: (optimizer, global_step, optimizer_d, global_step_d), as
      `GANInference.initialize` takes them.
    var_list: what `GANInference.initialize` takes.

  Returns:
    TrainOps.

  Raises:
    ValueError: if a variable to train or a global step was not made
      under `strategy.scope()`, a global batch of known size does not
      split evenly over the replicas, or an op to copy for a replica is
      inside a TF1 while_loop or cond.
  """
  graph = tf1.get_default_graph()
  registry = _DATASET_PARTS.get(graph, {})
  nodes = [node for pair in replicas.bound_pairs(inference) for node in pair]
  sources = replicas.batch_sources(nodes, registry)
  replicas.check_divisible([s for s in sources if s.ref() not in registry],
                           strategy.num_replicas_in_sync)
  dataset_parts = {i: registry[s.ref()] for i, s in enumerate(sources)
                   if s.ref() in registry}
  optimizer, global_step, optimizer_d, global_step_d = optimizers
  with strategy.scope():
    optimizer, global_step = build_optimizer(optimizer, global_step)
    optimizer_d, global_step_d = build_optimizer(optimizer_d, global_step_d)
    replicas.check_distributed([global_step, global_step_d],
                               "The global steps")
    step = replicas.ReplicaStep(
        inference, strategy, var_list, sources,
        (optimizer, global_step, optimizer_d, global_step_d))
    # Replicas run in threads of their own; the discriminator built there
    # draws tf_keras seeds from the caller's stream, as without a strategy.
    outputs = strategy.extended.call_for_each_replica(
        _tf.with_callers_keras_seed_stream(step), args=(dataset_parts,))
    mean = tf.distribute.ReduceOp.MEAN
    loss = strategy.reduce(mean, outputs["loss"], axis=None)
    loss_d = strategy.reduce(mean, outputs["loss_d"], axis=None)
    grads_and_vars = list(zip(outputs["grads"], step.var_list))
    grads_and_vars_d = list(zip(outputs["grads_d"], outputs["vars_d"]))
    steps = train_ops.step_ops(
        outputs["updates"],
        inference._after_discriminator_step,  # pylint: disable=protected-access
        merge=strategy.group,
        every_step=_same_collectives_every_step([loss, loss_d]))
    # On the losses every replica contributes to.
    op_check = numeric_checks([loss, loss_d]) if inference.debug else None
  return train_ops.TrainOps(loss, grads_and_vars, loss_d, grads_and_vars_d,
                            *steps, op_check=op_check)


def _same_collectives_every_step(losses):
  """Returns a function that makes a train op run both `losses`' all-reduces.

  Under MultiWorkerMirroredStrategy every collective must be run by every
  worker, or the ones that run it wait for ever. Only the chief fetches
  the summaries, and they hold both losses, each a cross-worker
  all-reduce; a one-sided step (`update(variables="Disc")`) fetches one
  loss. So every step runs both, whatever it fetches: the summaries then
  add no collective, and their losses are those of the step itself.
  """

  def every_step(train_op):
    with tf.control_dependencies(losses):
      return tf.group(train_op)

  return every_step
