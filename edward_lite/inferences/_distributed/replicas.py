"""What each replica builds under a tf.distribute strategy.

`data_parallel.build_train_ops` calls a `ReplicaStep` once per replica.
The first replica's step copies the ops between the batch inputs and the
tensors bound in `data` and `latent_vars` so that they read its slice of
the global batch (`batch_sources`; the copies are `util.graph_copy`'s),
and builds the losses and gradients there with the inference's own
`build_loss_and_gradients`. Every other replica copies those loss and
gradient ops, reading its own slices and its own copy of each variable.
Each replica then applies its gradients, scaled so that the sum over
replicas is the mean, with the update ops one device builds
(`_adversarial/train_ops.apply_updates`).
"""

from edward_lite._tf import tf, tf1
from edward_lite.inferences._adversarial import train_ops
from edward_lite.util.graph_copy import GraphCopier
from edward_lite.util.graph_walk import upstream_tensors
from edward_lite.util.graphs import as_tensor
from edward_lite.util.random_variables import is_placeholder

__all__ = [
    "ReplicaStep",
    "batch_sources",
    "bound_pairs",
    "check_distributed",
    "check_divisible",
    "is_distributed",
]

_PLACEHOLDER_TYPES = ("Placeholder", "PlaceholderV2", "PlaceholderWithDefault")
_ITERATOR_TYPES = ("IteratorGetNext", "IteratorGetNextSync")


def is_distributed(variable):
  return isinstance(variable, tf.distribute.DistributedValues)


def check_distributed(variables, name):
  for variable in variables:
    if variable is not None and not is_distributed(variable):
      raise ValueError(
          "{} holds {}, which was not created under strategy.scope(); under "
          "a strategy, build the model (and any global step) inside `with "
          "strategy.scope():` so that every replica has its own copy."
          .format(name, variable.name))


def _as_tensor(node):
  """The tensor of a random variable, tensor or variable (read)."""
  return tf.convert_to_tensor(as_tensor(node))


def bound_pairs(inference):
  """The (key, value) pairs the losses are built from, placeholder feeds aside."""
  pairs = [(k, v) for k, v in inference.data.items() if not is_placeholder(k)]
  return pairs + list(inference.latent_vars.items())


def batch_sources(nodes, dataset_parts):
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


def check_divisible(sources, num_replicas):
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


# What a replica's copy of the model is for, named by the error of an op
# that cannot be copied.
_PURPOSE = "strategy (each replica computes its own copy of the model)"


def _handle_replacements():
  """(each variable copy's handle, the handle this replica must read).

  The model was built in cross-replica context, where reads go to each
  variable's primary copy; in a replica, `variable.handle` is that
  replica's own copy (the one `tf.gradients` differentiates by).
  """
  replacements = []
  for variable in tf1.global_variables() + tf1.local_variables():
    if not is_distributed(variable):
      continue
    own = variable.handle
    for component in variable.values:
      if component.handle is not own:
        replacements.append((component.handle, own))
  return replacements


def _scale(grad, factor):
  if grad is None or factor == 1.0:
    return grad
  if isinstance(grad, tf.IndexedSlices):
    return tf.IndexedSlices(grad.values * tf.cast(factor, grad.dtype),
                            grad.indices, grad.dense_shape)
  return grad * tf.cast(factor, grad.dtype)


class ReplicaStep(object):
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
    replacements = []
    for index, source in enumerate(self.sources):
      part = self._slice(source, index, replica_id, dataset_parts)
      replacements.append((source, part))
      slices.append((part, source, index))
    copier = GraphCopier(replacements, _PURPOSE)

    def local(node):
      tensor = _as_tensor(node)
      replica_tensor = copier(tensor)
      # Only the batches are replaced: a tensor the copy changed is
      # computed from them.
      if replica_tensor is not tensor:
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
    check_distributed(self.var_list, "The generator's var_list")
    return loss, grads_and_vars, loss_d, grads_and_vars_d, slices

  def _copy_first(self, replica_id, dataset_parts):
    """Copies the first replica's losses and gradients for this replica."""
    loss, grads_and_vars, loss_d, grads_and_vars_d, slices = self.first
    handles = _handle_replacements()
    read_own = GraphCopier(handles, _PURPOSE)
    replacements = list(handles)
    for part, base, index in slices:
      replacements.append((part, self._slice(read_own(base), index,
                                             replica_id, dataset_parts)))
    offset = tf.get_static_value(replica_id)
    # A copy with the original's seeds would draw the same numbers.
    copier = GraphCopier(replacements, _PURPOSE,
                         seed_offset=0 if offset is None else int(offset))
    return (copier(loss), [(copier(g), v) for g, v in grads_and_vars],
            copier(loss_d), [(copier(g), v) for g, v in grads_and_vars_d])

  def _apply(self, loss, grads_and_vars, loss_d, grads_and_vars_d):
    # v1 apply_gradients sums over replicas: 1/num_replicas keeps the mean.
    factor = 1.0 / self.num_replicas
    scaled = [(_scale(g, factor), v) for g, v in grads_and_vars]
    scaled_d = [(_scale(g, factor), v) for g, v in grads_and_vars_d]
    # Every step computes both losses before it updates (see
    # `data_parallel._same_collectives_every_step`), so a one-sided step
    # waits for both.
    losses = [loss, loss_d]
    return {
        "loss": loss,
        "loss_d": loss_d,
        "grads": [g for g, _ in grads_and_vars],
        "grads_d": [g for g, _ in grads_and_vars_d],
        "vars_d": [v for _, v in grads_and_vars_d],
        "updates": train_ops.apply_updates(
            (self.optimizer, self.global_step, self.optimizer_d,
             self.global_step_d), scaled, scaled_d,
            {"Gen": losses, "Disc": losses, None: losses}),
    }
