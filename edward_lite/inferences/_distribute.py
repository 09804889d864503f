"""Data-parallel training of the adversarial inferences with tf.distribute.

`GANInference.initialize(..., strategy=strategy)` hands the building of
its losses, gradients and train ops to `build_train_ops`. Under a
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

All the strategy logic lives in this one module, hence its length.

The objective stays Edward's mean over the global batch: tf.compat.v1
optimizers SUM the replicas' gradients, so each replica's gradients are
those of its loss divided by the number of replicas, while the losses
`update` returns are the mean of the replicas' unscaled losses.
"""

import inspect
import weakref

from edward_lite import _tf
from edward_lite._tf import tf, tf1
from edward_lite.inferences import _cluster
from edward_lite.inferences._optimizers import (
    build_optimizer, check_var_list, gate_gradients)
from edward_lite.inferences.inference import Inference
from edward_lite.util.graph_walk import upstream_ops, upstream_tensors
from edward_lite.util.graphs import as_tensor
from edward_lite.util.random_variables import is_placeholder

__all__ = [
    "DEFAULT_COLLECTIVE_TIMEOUT",
    "build_train_ops",
    "distribute_dataset",
    "initialize_arguments",
    "is_chief",
]

# Seconds one multi-worker training step may wait for the other workers
# before it fails; see `initialize_arguments`.
DEFAULT_COLLECTIVE_TIMEOUT = _cluster.DEFAULT_TIMEOUT

_PLACEHOLDER_TYPES = ("Placeholder", "PlaceholderV2", "PlaceholderWithDefault")
_ITERATOR_TYPES = ("IteratorGetNext", "IteratorGetNextSync")

# Graph -> {batch tensor ref: PerReplica}: the worker-level batches made by
# `distribute_dataset`, and the per-replica parts each replica reads instead.
_DATASET_PARTS = weakref.WeakKeyDictionary()

# Strategy -> the collective timeout `initialize_arguments` took from
# `initialize`'s keywords, for `build_train_ops` to build with.
_COLLECTIVE_TIMEOUTS = weakref.WeakKeyDictionary()

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


def _is_distributed(variable):
  return isinstance(variable, tf.distribute.DistributedValues)


def _check_distributed(variables, name):
  for variable in variables:
    if variable is not None and not _is_distributed(variable):
      raise ValueError(
          "{} holds {}, which was not created under strategy.scope(); under "
          "a strategy, build the model (and any global step) inside `with "
          "strategy.scope():` so that every replica has its own copy."
          .format(name, variable.name))


def initialize_arguments(strategy, var_list, args, kwargs):
  """Checks the strategy and returns the arguments of `Inference.initialize`.

  Only the chief reports: on other workers `n_print` becomes 0 (no
  progress bar, no summaries) and `logdir` None (no event file).

  `kwargs` may hold `collective_timeout`: with MultiWorkerMirroredStrategy,
  the seconds one training step (its all-reduces with the other workers)
  may take before `update` raises `WorkerTimeoutError` (default
  `DEFAULT_COLLECTIVE_TIMEOUT`; None waits for ever). It is taken out
  here and used by `build_train_ops`.

  Args:
    strategy: tf.distribute.Strategy.
    var_list: list of tf.Variable or None. The generator's variables.
    args: tuple. Positional arguments meant for `Inference.initialize`.
    kwargs: dict. Keyword arguments meant for `Inference.initialize`.

  Returns:
    (args, kwargs) to call `Inference.initialize` with.

  Raises:
    TypeError: if `strategy` is not a tf.distribute.Strategy, or
      `collective_timeout` not a number.
    ValueError: if `strategy` is not one edward_lite trains with, a
      variable of `var_list` is not a distributed one, or
      `collective_timeout` is not positive.
  """
  _check_strategy(strategy)
  check_var_list(var_list)
  _check_distributed(var_list or [], "var_list")
  kwargs = dict(kwargs)
  timeout = kwargs.pop("collective_timeout", DEFAULT_COLLECTIVE_TIMEOUT)
  _check_timeout("collective_timeout", timeout)
  _COLLECTIVE_TIMEOUTS[strategy] = timeout
  if is_chief(strategy):
    return args, kwargs
  bound = inspect.signature(Inference.initialize).bind(None, *args, **kwargs)
  arguments = dict(bound.arguments)
  del arguments["self"]
  arguments.update(n_print=0, logdir=None)
  return (), arguments


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


def _as_tensor(node):
  """The tensor of a random variable, tensor or variable (read)."""
  return tf.convert_to_tensor(as_tensor(node))


def _bound_pairs(inference):
  """The (key, value) pairs the losses are built from, placeholder feeds aside."""
  pairs = [(k, v) for k, v in inference.data.items() if not is_placeholder(k)]
  return pairs + list(inference.latent_vars.items())


def _batch_sources(nodes, dataset_parts):
  """The tensors that carry the global batch, upstream of `nodes`.

  These are the placeholders of rank other than 0 (a scalar placeholder
  is a setting, not a batch), the outputs of dataset iterators, and the
  batches of `distribute_dataset`.
  """
  def is_source(tensor):
    return (tensor.ref() in dataset_parts or
            (tensor.op.type in _PLACEHOLDER_TYPES + _ITERATOR_TYPES and
             tensor.shape.rank != 0))

  starts = [_as_tensor(node) for node in nodes
            if not isinstance(node, tf.Variable)]
  return [tensor for tensor in upstream_tensors(starts, stop=is_source)
          if is_source(tensor)]


def _check_divisible(sources, num_replicas):
  for source in sources:
    if source.shape.rank is None:
      continue
    rows = tf.compat.dimension_value(source.shape[0])
    if rows is not None and rows % num_replicas:
      raise ValueError(
          "The global batch of {} has {} rows, which {} replicas cannot "
          "split evenly.".format(source.name, rows, num_replicas))


def _shard(tensor, replica_id, num_replicas):
  """This replica's consecutive slice of a global batch, along axis 0."""
  index = tf.get_static_value(replica_id)
  rows = (tf.compat.dimension_value(tensor.shape[0])
          if tensor.shape.rank else None)
  if index is not None and rows is not None:
    size = rows // num_replicas
    return tensor[index * size:(index + 1) * size]
  rows = tf.shape(tensor)[0]
  divisible = tf1.assert_equal(
      tf.math.floormod(rows, num_replicas), 0,
      message="{} replicas cannot split the global batch of {} evenly".format(
          num_replicas, tensor.name))
  with tf.control_dependencies([divisible]):
    size = rows // num_replicas
  return tensor[replica_id * size:(replica_id + 1) * size]


class _ReplicaCopier(object):
  """Copies, for one replica, the ops that depend on replaced tensors.

  An op is copied when one of its inputs (or control inputs) changed: a
  batch replaced by this replica's slice, or a variable's primary handle
  replaced by this replica's copy. Other ops (constants, ops on unchanged
  tensors) are shared.
  """

  def __init__(self, replacements, batch_refs=(), seed_offset=0):
    self._graph = tf1.get_default_graph()
    self._replacements = replacements
    self._batch_refs = set(batch_refs)
    self._seed_offset = seed_offset
    self._copies = {}
    self._from_batch = {}

  def __call__(self, tensor):
    """Returns `tensor` (a tf.Tensor, tf.IndexedSlices or None) as this
    replica computes it."""
    if tensor is None:
      return None
    if isinstance(tensor, tf.IndexedSlices):
      dense_shape = tensor.dense_shape
      return tf.IndexedSlices(
          self(tensor.values), self(tensor.indices),
          None if dense_shape is None else self(dense_shape))
    if tensor.ref() in self._replacements:
      return self._replacements[tensor.ref()]
    return self._copy(tensor.op).outputs[tensor.value_index]

  def from_batch(self, tensor):
    """Whether `tensor` is computed from a replaced batch."""
    if tensor.ref() in self._replacements:
      return tensor.ref() in self._batch_refs
    self._copy(tensor.op)
    return self._from_batch[tensor.op]

  def _copy(self, root):
    # Every op comes after the ops it reads, which are copied by then.
    for op in upstream_ops(
        root, control_inputs=True,
        through=lambda tensor: tensor.ref() not in self._replacements,
        stop=lambda op: op in self._copies):
      if op not in self._copies:
        self._copies[op] = self._copy_one(op)
    return self._copies[root]

  def _input(self, tensor):
    if tensor.ref() in self._replacements:
      return self._replacements[tensor.ref()], tensor.ref() in self._batch_refs
    return (self._copies[tensor.op].outputs[tensor.value_index],
            self._from_batch[tensor.op])

  def _copy_one(self, op):
    inputs, from_batch = [], False
    for tensor in op.inputs:
      new, batch = self._input(tensor)
      inputs.append(new)
      from_batch = from_batch or batch
    controls = [self._copies[c] for c in op.control_inputs]
    from_batch = from_batch or any(self._from_batch[c]
                                   for c in op.control_inputs)
    self._from_batch[op] = from_batch
    changed = (any(n is not o for n, o in zip(inputs, op.inputs)) or
               any(n is not o for n, o in zip(controls, op.control_inputs)))
    if not changed:
      return op
    if op._control_flow_context is not None:  # pylint: disable=protected-access
      raise NotImplementedError(
          "Under a strategy, edward_lite copies the model for each replica, "
          "which it cannot do for {} (inside a tf.compat.v1 while loop or "
          "cond); use control flow v2 (the default).".format(op.name))
    # The replica's device scope places the copy; the original's colocation
    # with the primary variables would pin it to the first device.
    attrs = {k: v for k, v in op.node_def.attr.items() if k != "_class"}
    seed, seed2 = attrs.get("seed"), attrs.get("seed2")
    if self._seed_offset and seed is not None and seed2 is not None and (
        seed.i or seed2.i):
      # A copy with the original's seeds would draw the same numbers.
      attrs["seed2"] = type(seed2)(i=seed2.i + self._seed_offset)
    with tf.control_dependencies(controls):
      copy = self._graph.create_op(
          op.type, inputs, dtypes=[t.dtype for t in op.outputs],
          name=op.name, attrs=attrs, op_def=op.op_def)
    self._from_batch[copy] = from_batch
    return copy


def _handle_replacements():
  """Each variable copy's handle -> the handle this replica must read.

  The model was built in cross-replica context, where reads go to each
  variable's primary copy; in a replica, `variable.handle` is that
  replica's own copy (the one `tf.gradients` differentiates by).
  """
  replacements = {}
  for variable in tf1.global_variables() + tf1.local_variables():
    if not _is_distributed(variable):
      continue
    own = variable.handle
    for component in variable.values:
      if component.handle is not own:
        replacements[component.handle.ref()] = own
  return replacements


def _scale(grad, factor):
  if grad is None or factor == 1.0:
    return grad
  if isinstance(grad, tf.IndexedSlices):
    return tf.IndexedSlices(grad.values * tf.cast(factor, grad.dtype),
                            grad.indices, grad.dense_shape)
  return grad * tf.cast(factor, grad.dtype)


class _ReplicaStep(object):
  """The replica function: one replica's losses, gradients and updates.

  MirroredStrategy runs the replica functions one after the other up to
  their first merge_call (in `apply_gradients`), so the first local
  replica has built everything before the others start. It builds the
  losses with the inference's own `build_loss_and_gradients`, on its
  slices of the batch; every other replica copies those ops, reading its
  own slices and its own copies of the variables. The discriminator, its
  scope, its regularizers and the summaries are thus made once.
  """

  def __init__(self, inference, strategy, var_list, sources, optimizers):
    self.inference = inference
    self.num_replicas = strategy.num_replicas_in_sync
    self.var_list = var_list
    self.sources = sources
    self.optimizer, self.global_step, self.optimizer_d, self.global_step_d = (
        optimizers)
    self.first = None

  def __call__(self, dataset_parts):
    replica_id = tf.distribute.get_replica_context().replica_id_in_sync_group
    if self.first is None:
      built = self._build_first(replica_id, dataset_parts)
      self.first = built
    else:
      built = self._copy_first(replica_id, dataset_parts)
    return self._apply(*built[:4])

  def _slice(self, base, index, replica_id, dataset_parts):
    if index is not None and index in dataset_parts:
      return dataset_parts[index]
    return _shard(base, replica_id, self.num_replicas)

  def _build_first(self, replica_id, dataset_parts):
    """Builds the losses and gradients on this replica's slices."""
    slices = []  # (slice, global batch, source index or None)
    replacements = {}
    for index, source in enumerate(self.sources):
      part = self._slice(source, index, replica_id, dataset_parts)
      replacements[source.ref()] = part
      slices.append((part, source, index))
    copier = _ReplicaCopier(replacements, batch_refs=replacements)

    def local(node):
      tensor = _as_tensor(node)
      replica_tensor = copier(tensor)
      if copier.from_batch(tensor):
        return replica_tensor
      # Data held whole (a variable or a constant) is itself the global batch.
      part = _shard(replica_tensor, replica_id, self.num_replicas)
      slices.append((part, replica_tensor, None))
      return part

    inference = self.inference
    data, latent_vars = inference.data, inference.latent_vars
    inference.data = {}
    for key, value in data.items():
      if is_placeholder(key):
        inference.data[key] = value  # a feed, not a batch
      else:
        inference.data[local(key)] = local(value)
    inference.latent_vars = {local(k): local(v)
                             for k, v in latent_vars.items()}
    try:
      loss, grads_and_vars, loss_d, grads_and_vars_d = (
          inference.build_loss_and_gradients(self.var_list))
    finally:
      inference.data, inference.latent_vars = data, latent_vars
    if self.var_list is None:
      # The default lookup finds variables by name, which only this
      # replica's reads (of the primary copies) carry: the others reuse it.
      self.var_list = [v for _, v in grads_and_vars]
    _check_distributed(self.var_list, "The generator's var_list")
    return loss, grads_and_vars, loss_d, grads_and_vars_d, slices

  def _copy_first(self, replica_id, dataset_parts):
    """Copies the first replica's losses and gradients for this replica."""
    loss, grads_and_vars, loss_d, grads_and_vars_d, slices = self.first
    handles = _handle_replacements()
    read_own = _ReplicaCopier(handles)
    replacements = dict(handles)
    for part, base, index in slices:
      replacements[part.ref()] = self._slice(read_own(base), index,
                                             replica_id, dataset_parts)
    offset = tf.get_static_value(replica_id)
    copier = _ReplicaCopier(replacements,
                            seed_offset=0 if offset is None else int(offset))
    return (copier(loss), [(copier(g), v) for g, v in grads_and_vars],
            copier(loss_d), [(copier(g), v) for g, v in grads_and_vars_d])

  def _apply(self, loss, grads_and_vars, loss_d, grads_and_vars_d):
    # v1 apply_gradients sums over replicas: 1/num_replicas keeps the mean.
    factor = 1.0 / self.num_replicas
    scaled = [(_scale(g, factor), v) for g, v in grads_and_vars]
    scaled_d = [(_scale(g, factor), v) for g, v in grads_and_vars_d]
    # Every step computes both losses before it updates (see
    # `_same_collectives_every_step`), so a one-sided step waits for both.
    losses = [loss, loss_d]
    return {
        "loss": loss,
        "loss_d": loss_d,
        "grads": [g for g, _ in grads_and_vars],
        "grads_d": [g for g, _ in grads_and_vars_d],
        "vars_d": [v for _, v in grads_and_vars_d],
        "train": self.optimizer.apply_gradients(
            gate_gradients(scaled, losses), global_step=self.global_step),
        "train_d": self.optimizer_d.apply_gradients(
            gate_gradients(scaled_d, losses),
            global_step=self.global_step_d),
        "train_joint": self.optimizer.apply_gradients(
            gate_gradients(scaled, losses), global_step=self.global_step),
        "train_joint_d": self.optimizer_d.apply_gradients(
            gate_gradients(scaled_d, losses), global_step=self.global_step_d),
    }


def build_train_ops(inference, strategy, optimizer, optimizer_d, global_step,
                    global_step_d, var_list):
  """Builds a GANInference's losses and train ops under a strategy.

  Sets what `GANInference.initialize` sets without a strategy: `loss`
  and `loss_d` (means over the replicas), `grads_and_vars` and
  `grads_and_vars_d` (each gradient a per-replica value, unscaled),
  `train`, `train_d` and the joint step's ops.

  Args:
    inference: GANInference (or a subclass), after `Inference.initialize`.
    strategy: tf.distribute.Strategy.
    optimizer: what `GANInference.initialize` takes.
    optimizer_d: what `GANInference.initialize` takes.
    global_step: what `GANInference.initialize` takes.
    global_step_d: what `GANInference.initialize` takes.
    var_list: what `GANInference.initialize` takes.

  Raises:
    ValueError: if a variable to train or a global step was not made
      under `strategy.scope()`, or a global batch of known size does not
      split evenly over the replicas.
  """
  timeout = _COLLECTIVE_TIMEOUTS.pop(strategy, DEFAULT_COLLECTIVE_TIMEOUT)
  graph = tf1.get_default_graph()
  registry = _DATASET_PARTS.get(graph, {})
  sources = _batch_sources(
      [node for pair in _bound_pairs(inference) for node in pair], registry)
  _check_divisible([s for s in sources if s.ref() not in registry],
                   strategy.num_replicas_in_sync)
  dataset_parts = {i: registry[s.ref()] for i, s in enumerate(sources)
                   if s.ref() in registry}
  with strategy.scope():
    optimizer, global_step = build_optimizer(optimizer, global_step)
    optimizer_d, global_step_d = build_optimizer(optimizer_d, global_step_d)
    _check_distributed([global_step, global_step_d], "The global steps")
    step = _ReplicaStep(inference, strategy, var_list, sources,
                        (optimizer, global_step, optimizer_d, global_step_d))
    # Replicas run in threads of their own; the discriminator built there
    # draws tf_keras seeds from the caller's stream, as without a strategy.
    outputs = strategy.extended.call_for_each_replica(
        _tf.with_callers_keras_seed_stream(step), args=(dataset_parts,))
    mean = tf.distribute.ReduceOp.MEAN
    inference.loss = strategy.reduce(mean, outputs["loss"], axis=None)
    inference.loss_d = strategy.reduce(mean, outputs["loss_d"], axis=None)
    inference.grads_and_vars = list(zip(outputs["grads"], step.var_list))
    inference.grads_and_vars_d = list(zip(outputs["grads_d"],
                                          outputs["vars_d"]))
    every_step = _same_collectives_every_step(inference)
    inference.train = every_step(strategy.group(outputs["train"]))
    inference.train_d = every_step(strategy.group(outputs["train_d"]))
    inference._train_d_step = inference._after_discriminator_step(  # pylint: disable=protected-access
        inference.train_d)
    inference._train_joint = every_step(tf.group(  # pylint: disable=protected-access
        strategy.group(outputs["train_joint"]),
        inference._after_discriminator_step(  # pylint: disable=protected-access
            strategy.group(outputs["train_joint_d"]))))
    if inference.debug:
      # On the losses every replica contributes to; the updates do not wait
      # for these checks.
      inference._build_numeric_checks([inference.loss, inference.loss_d])  # pylint: disable=protected-access
  if _is_multi_worker(strategy):
    # pylint: disable=protected-access
    inference._step_runner = _cluster.WorkerFaults(inference._step_runner,
                                                   strategy, timeout)


def _same_collectives_every_step(inference):
  """Returns a function that makes a train op run both losses' all-reduces.

  Under MultiWorkerMirroredStrategy every collective must be run by every
  worker, or the ones that run it wait for ever. Only the chief fetches
  the summaries, and they hold both losses, each a cross-worker
  all-reduce; a one-sided step (`update(variables="Disc")`) fetches one
  loss. So every step runs both, whatever it fetches: the summaries then
  add no collective, and their losses are those of the step itself.
  """
  losses = [inference.loss, inference.loss_d]

  def every_step(train_op):
    with tf.control_dependencies(losses):
      return tf.group(train_op)

  return every_step
