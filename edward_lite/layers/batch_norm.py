"""`tf.contrib.layers.batch_norm`, as TF1-era GAN code called it.

DCGAN-style generators and discriminators put batch normalization in
every layer, through `tf.contrib.layers.batch_norm` or `slim.batch_norm`.
TensorFlow 2 has no contrib, and tf_slim's copy fails on TensorFlow
2.16+ (`ops.Tensor` and `tf_keras.legacy_tf_layers` are gone), so this
module writes the layer again on `tf.compat.v1` ops with contrib's
signature, variables and update semantics:

- variables `beta` (when `center`), `gamma` (when `scale`),
  `moving_mean` and `moving_variance` under the scope `BatchNorm` (or
  `scope`), in GLOBAL_VARIABLES and MODEL_VARIABLES, the first two also
  trainable;
- in training, the batch's mean and (biased) variance normalize the
  batch, and each moving statistic `m` is updated to
  `m - (m - batch value) * (1 - decay)`; the variance fed to that update
  is the unbiased one (times n / (n - 1)) for inputs of rank 2 or 4,
  where contrib used TensorFlow's fused kernel, which does so, and the
  biased one otherwise or with `fused=False`;
- the update ops go to `updates_collections` (UPDATE_OPS by default),
  which the caller must run, or run before the output is computed when
  `updates_collections=None`;
- at inference (`is_training=False`) the moving statistics normalize
  and nothing is updated; a bool tensor `is_training` chooses at run
  time.

Float32 images in NHWC (rank 4, `epsilon` at least 1e-5) are normalized
by TensorFlow's fused kernel, forward and backward, as contrib's were:
one op where the separate ones are a dozen, and in the benchmark's
convolutional BiGAN (benchmarks/_conv_networks.py) the difference
between this layer and TensorFlow's own fused one. Other inputs, and
`fused=False`, go through `tf.nn.moments` and
`tf.nn.batch_normalization`: the same numbers to float rounding.

When tf_slim was imported before this module, `batch_norm` is also
registered with tf_slim's `arg_scope`, as slim's own was.
"""

import numpy as np

from edward_lite._tf import tf, tf1
from edward_lite.layers._slim_plumbing import (
    collect_named_outputs, collections_for, model_variable,
    register_with_slim_arg_scope)

__all__ = ["batch_norm"]

_UNSUPPORTED = (
    "edward_lite's batch_norm does not implement {}; it was rarely used in "
    "GAN code. Keep this layer on tf.keras.layers.BatchNormalization, or "
    "leave the argument out.")


def batch_norm(inputs,
               decay=0.999,
               center=True,
               scale=False,
               epsilon=0.001,
               activation_fn=None,
               param_initializers=None,
               param_regularizers=None,
               updates_collections=tf1.GraphKeys.UPDATE_OPS,
               is_training=True,
               reuse=None,
               variables_collections=None,
               outputs_collections=None,
               trainable=True,
               batch_weights=None,
               fused=None,
               data_format="NHWC",
               zero_debias_moving_mean=False,
               scope=None,
               renorm=False,
               renorm_clipping=None,
               renorm_decay=0.99,
               adjustment=None):
  """Batch normalization (Ioffe and Szegedy, 2015), as tf.contrib had it.

  Normalizes over every dimension but the channels (the last with
  `data_format="NHWC"`, the second with `"NCHW"`), then scales by
  `gamma` and shifts by `beta`. In training the moving averages of the
  batch statistics must be updated: by default the update ops go to
  `tf.GraphKeys.UPDATE_OPS`, so run them with each training step (for
  example `sess.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS), feed)`
  after `inference.update(feed)`), or pass `updates_collections=None`.

  Args:
    inputs: tensor of rank 2 or more whose first dimension is the batch.
    decay: float. Decay of the moving averages, close to 1.
    center: bool. Add the learned offset `beta`.
    scale: bool. Multiply by the learned `gamma`; contrib's default is
      False, since a following linear layer can do the scaling.
    epsilon: float. Added to the variance before its square root.
    activation_fn: function applied to the output, or None.
    param_initializers: dict of initializers for `beta`, `gamma`,
      `moving_mean` and `moving_variance` (defaults: zeros, ones, zeros,
      ones).
    param_regularizers: dict of regularizers for `beta` and `gamma`;
      their losses go to REGULARIZATION_LOSSES.
    updates_collections: collections the two update ops are added to,
      or None to run them before the output is returned.
    is_training: Python bool, or a bool tensor or variable choosing at
      run time between batch statistics (and updates) and the moving
      ones.
    reuse: bool. Reuse the variables of `scope`.
    variables_collections: extra collections for the variables, a list
      or a dict keyed by variable name.
    outputs_collections: collections the output is added to, with the
      scope's name as its alias.
    trainable: bool. Put `beta` and `gamma` in TRAINABLE_VARIABLES.
    batch_weights: not implemented; must be None.
    fused: None or True: TensorFlow's fused kernel for float32 NHWC
      images (`epsilon` >= 1e-5), and the moving variance of a rank 2
      or 4 input averages the unbiased batch variance, as contrib's
      fused kernel did; False: separate ops and the biased variance, as
      contrib's unfused code did. The output is the same either way, to
      float rounding.
    data_format: "NHWC" (channels last) or "NCHW" (channels second).
    zero_debias_moving_mean: bool. Keep `moving_mean` free of the bias
      towards its initial value (Adam's correction), with two more
      variables `moving_mean/biased` and `moving_mean/local_step`.
    scope: str or variable scope. Default "BatchNorm".
    renorm: not implemented; must be False.
    renorm_clipping: used only with `renorm`.
    renorm_decay: used only with `renorm`.
    adjustment: not implemented; must be None.

  Returns:
    A tensor of the shape and dtype of `inputs`.

  Raises:
    NotImplementedError: `batch_weights`, `renorm` or `adjustment` is
      given.
    TypeError: `is_training` is neither a bool nor a tensor or variable.
    ValueError: `data_format` is neither "NHWC" nor "NCHW", or the rank
      or number of channels of `inputs` is unknown.
  """
  del renorm_clipping, renorm_decay  # Used only with renorm.
  for name, value, default in (("batch_weights", batch_weights, None),
                               ("renorm", renorm, False),
                               ("adjustment", adjustment, None)):
    if value is not default:
      raise NotImplementedError(_UNSUPPORTED.format(name))
  if data_format not in ("NHWC", "NCHW"):
    raise ValueError("data_format has to be either NCHW or NHWC.")
  training = _static_bool(is_training)
  inputs = tf1.convert_to_tensor(inputs)
  rank = inputs.shape.ndims
  if rank is None:
    raise ValueError("Inputs {} has undefined rank.".format(inputs.name))
  channel_axis = 1 if data_format == "NCHW" else rank - 1
  channels = inputs.shape[channel_axis]
  if channels is None:
    raise ValueError("Inputs {} has undefined channels dimension {}.".format(
        inputs.name, inputs.shape[channel_axis:channel_axis + 1]))
  param_initializers = param_initializers or {}
  param_regularizers = param_regularizers or {}

  with tf1.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
    def variable(name, initializer, trainable_here):
      return model_variable(
          name, [channels], inputs.dtype.base_dtype,
          param_initializers.get(name, initializer),
          param_regularizers.get(name), collections_for(
              variables_collections, name), trainable_here)

    beta = variable("beta", tf1.zeros_initializer(), trainable) \
        if center else None
    gamma = variable("gamma", tf1.ones_initializer(), trainable) \
        if scale else None
    moving_mean = variable("moving_mean", tf1.zeros_initializer(), False)
    moving_variance = variable("moving_variance", tf1.ones_initializer(),
                               False)

    # Made here, not in `updates`: that may run inside a tf.cond branch,
    # where no variable can be created.
    debias = _debias_variables(moving_mean) if zero_debias_moving_mean \
        else None

    if _fusable(inputs, rank, data_format, fused, epsilon):
      batch, inference = _fused_statistics(inputs, beta, gamma, moving_mean,
                                           moving_variance, epsilon, training)
    else:
      batch, inference = _moment_statistics(
          inputs, beta, gamma, moving_mean, moving_variance, epsilon,
          channel_axis, training,
          update_unbiased=fused is not False and rank in (2, 4))
    if training is False:
      outputs = inference()
    else:
      outputs = _train_outputs(batch, inference, is_training, training,
                               updates_collections, moving_mean,
                               moving_variance, decay, debias)
    outputs.set_shape(inputs.shape)
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    return collect_named_outputs(outputs_collections, sc.name, outputs)


def _static_bool(is_training):
  """Returns True or False when `is_training` is known now, else None."""
  if isinstance(is_training, (bool, np.bool_)):
    return bool(is_training)
  if isinstance(is_training, tf.Variable):
    return None
  if isinstance(is_training, tf.Tensor):
    value = tf.get_static_value(is_training)
    return None if value is None else bool(value)
  raise TypeError(
      "is_training must be a Python bool or a bool tensor or variable; got "
      "{!r}.".format(is_training))


def _choose(is_training, training, true_fn, false_fn):
  """`true_fn()` or `false_fn()`, now when `training` is known, else in a cond."""
  if training is None:
    return tf1.cond(tf1.cast(is_training, tf1.bool), true_fn, false_fn)
  return true_fn() if training else false_fn()


def _fusable(inputs, rank, data_format, fused, epsilon):
  """Whether TensorFlow's fused kernel gives this layer's numbers.

  It does for float32 images in NHWC: the same normalization (biased
  batch variance) in one op, and, for the moving average, the unbiased
  batch variance that contrib's fused path used too. An epsilon under
  1e-5 is left to the separate ops: cuDNN's fused kernel would not take
  it (TensorFlow's own wrapper raises it to 1.001e-5, which changes the
  numbers).
  """
  return (fused is not False and rank == 4 and data_format == "NHWC" and
          inputs.dtype.base_dtype == tf1.float32 and epsilon >= 1e-5)


def _fused_statistics(inputs, beta, gamma, moving_mean, moving_variance,
                      epsilon, training):
  """(batch, inference) of the fused kernel; see `_train_outputs`."""
  channels = int(inputs.shape[-1])
  offset = beta if beta is not None else tf1.zeros([channels], tf1.float32)
  scale = gamma if gamma is not None else tf1.ones([channels], tf1.float32)

  def kernel(mean, variance, is_training):
    return tf.raw_ops.FusedBatchNormV3(
        x=inputs, scale=scale, offset=offset, mean=mean, variance=variance,
        epsilon=epsilon, exponential_avg_factor=1.0, data_format="NHWC",
        is_training=is_training)[:3]

  def inference():
    return kernel(moving_mean, moving_variance, False)[0]

  batch = None
  if training is not False:
    empty = tf1.constant([], tf1.float32)
    # Training: the output, the batch mean, and the batch variance with
    # Bessel's correction (the kernel normalizes with the biased one).
    batch = kernel(empty, empty, True)
  return batch, inference


def _moment_statistics(inputs, beta, gamma, moving_mean, moving_variance,
                       epsilon, channel_axis, training, update_unbiased):
  """(batch, inference) of separate ops; see `_train_outputs`."""
  rank = inputs.shape.ndims
  channels = int(inputs.shape[channel_axis])
  shape = [1] * rank
  shape[channel_axis] = channels

  def broadcast(value):
    if value is None or channel_axis == rank - 1:
      return value
    return tf1.reshape(value, shape)

  def normalize(mean, variance):
    return tf1.nn.batch_normalization(
        inputs, broadcast(mean), broadcast(variance), broadcast(beta),
        broadcast(gamma), epsilon)

  def inference():
    return normalize(moving_mean, moving_variance)

  if training is False:
    return None, inference
  axes = [axis for axis in range(rank) if axis != channel_axis]
  batch_mean, batch_variance = tf1.nn.moments(inputs, axes)
  update_variance = batch_variance
  if update_unbiased:
    update_variance = _unbiased(batch_variance, inputs, channels)
  return (normalize(batch_mean, batch_variance), batch_mean,
          update_variance), inference


def _train_outputs(batch, inference, is_training, training,
                   updates_collections, moving_mean, moving_variance, decay,
                   debias):
  """The output in training, with the moving averages' updates.

  Args:
    batch: (output, batch mean, variance for the moving average), from
      the batch's statistics.
    inference: function returning the output from the moving statistics.
    is_training, training: the argument, and its value when known now.
    updates_collections: as `batch_norm`'s.
    moving_mean, moving_variance: the variables.
    decay, debias: as `_assign_moving_average`'s.

  Returns:
    The output tensor.
  """
  output, batch_mean, update_variance = batch

  def updates():
    return (_assign_moving_average(moving_mean, batch_mean, decay, debias),
            _assign_moving_average(moving_variance, update_variance, decay,
                                   None))

  if updates_collections is None:
    def forced_updates():
      with tf1.control_dependencies(updates()):
        return tf1.identity(output)
    return _choose(is_training, training, forced_updates, inference)

  def moving():
    return tf1.identity(moving_mean), tf1.identity(moving_variance)

  update_mean, update_variance = _choose(is_training, training, updates,
                                         moving)
  tf1.add_to_collections(updates_collections, update_mean)
  tf1.add_to_collections(updates_collections, update_variance)
  return _choose(is_training, training, lambda: output, inference)


def _unbiased(batch_variance, inputs, channels):
  """The batch variance times n / (n - 1), as TensorFlow's fused kernel gives."""
  count = tf1.cast(tf1.size(inputs) // channels, batch_variance.dtype)
  return batch_variance * count / tf1.maximum(count - 1.0, 1.0)


def _debias_variables(moving_mean):
  """The `biased` average and `local_step` count zero-debiasing needs."""
  dtype = moving_mean.dtype.base_dtype
  with tf1.variable_scope(moving_mean.op.name.split("/")[-1]):
    biased = tf1.get_variable("biased", moving_mean.shape, dtype,
                              tf1.zeros_initializer(), trainable=False)
    local_step = tf1.get_variable("local_step", [], dtype,
                                  tf1.zeros_initializer(), trainable=False)
  return biased, local_step


def _assign_moving_average(variable, value, decay, debias):
  """Moves `variable` towards `value`: v -= (v - value) * (1 - decay).

  With `debias`, the pair from `_debias_variables`, the average is kept
  in `biased` and `variable` gets biased / (1 - decay ** steps): the
  average of the values so far, as if it had started at them, not at 0.
  """
  with tf1.name_scope(None, "AssignMovingAvg", [variable, value]) as name:
    rate = tf1.cast(1.0 - decay, variable.dtype.base_dtype)
    if debias is None:
      return tf1.assign_sub(variable, (variable - value) * rate, name=name)
    biased, local_step = debias
    new_biased = tf1.assign_sub(biased, (biased - value) * rate)
    steps = tf1.assign_add(local_step, 1.0)
    unbiased = new_biased / (1.0 - tf1.pow(1.0 - rate, steps))
    return tf1.assign(variable, unbiased, name=name)


batch_norm = register_with_slim_arg_scope(batch_norm)
