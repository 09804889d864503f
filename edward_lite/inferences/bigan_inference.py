"""Adversarially learned inference: BiGAN / ALI, with ALICE's option."""

import math
import numbers
import warnings

from edward_lite._tf import tf, tf1
from edward_lite.inferences import _gan_losses
from edward_lite.inferences.gan_inference import GANInference, _check_one_pair
from edward_lite.inferences.inference import Inference
from edward_lite.util.random_variables import _as_tensor, _walk_up

__all__ = ["BiGANInference"]


class BiGANInference(GANInference):
  """Adversarially Learned Inference (Dumoulin et al., 2017) or
  Bidirectional Generative Adversarial Networks (Donahue, Krähenbühl,
  & Darrell, 2017) for joint learning of generator and inference
  networks.

  Works for implicit (and differentiable) probabilistic models: models
  with no tractable density, given only as a program that draws samples.

  #### Notes

  `BiGANInference` matches a mapping from data to latent variables (the
  encoder) and a mapping from latent variables to data (the generator)
  through one discriminator that sees (data, latent) pairs.

  While the graph for inference is built, the discriminator's parameters
  live under the variable scope "Disc". The encoder's and the
  generator's parameters are those under the variable scope "Gen".

  Each objective also adds the sum of the tensors in the
  `REGULARIZATION_LOSSES` collection: the discriminator's those under
  "Disc", the encoder's and generator's those under "Gen".

  `initialize(reconstruction_weight=lam)` (an edward_lite addition, off
  by default) adds ALICE's bound on the conditional entropy H(x | z)
  (Li et al., 2017) to the encoder's and generator's objective:
  lam * mean((x - G(E(x)))**2), the mean over every element of the
  batch. With the default 0.0 the objective is exactly Edward's.

  #### Examples

  ```python
  with tf.variable_scope("Gen"):
    xf = gen_data(z_ph)
    zf = gen_latent(x_ph)
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)
  ```
  """

  def __init__(self, latent_vars, data, discriminator):
    """Creates an inference algorithm.

    Args:
      latent_vars: dict. Binds the prior latent tensor (a placeholder or
        random variable z) to the encoder's output E(x).
      data: dict. Binds the generator's output G(z) to the observed data
        x (a placeholder, tensor or NumPy array).
      discriminator: function. Maps a pair `(x, z)` to logits; its
        variables are made under the variable scope "Disc".

    Raises:
      TypeError: if `discriminator` is not callable, or a dictionary is
        not valid.
      ValueError: if `latent_vars` or `data` does not hold exactly one
        pair.

    Warns:
      UserWarning: if `latent_vars` is written the other way round,
        `{E(x): z}` as in Edward's examples/bigan.py: the generator's
        output is computed from the dictionary's value and not from its
        key. The pair is then turned round to `{z: E(x)}`, the pairing
        this page documents; Edward instead showed the discriminator
        (x, z) as the data's pair and (G(z), E(x)) as the model's.
    """
    if not callable(discriminator):
      raise TypeError("discriminator must be a callable function.")
    _check_one_pair("latent_vars", latent_vars)
    _check_one_pair("data", data)
    self.discriminator = discriminator
    # GANInference's constructor takes no latent variables.
    Inference.__init__(self, latent_vars, data)
    self.latent_vars = _oriented(self.latent_vars, self._observed_pair()[1])

  def initialize(self, optimizer=None, optimizer_d=None,
                 global_step=None, global_step_d=None, var_list=None,
                 *args, **kwargs):
    """Sets hyperparameters and builds the algorithm's ops.

    Args:
      optimizer: str or tf.train.Optimizer. The optimizer of the encoder's
        and generator's objective, or the name of one to use with default
        parameters.
      optimizer_d: str or tf.train.Optimizer. The optimizer of the
        discriminator's objective, or the name of one to use with default
        parameters.
      global_step: tf.Variable. Optional variable incremented by one
        after each update of the encoder's and generator's variables;
        see `tf.train.Optimizer.apply_gradients`.
      global_step_d: tf.Variable. Optional variable incremented by one
        after each update of the discriminator's variables.
      var_list: list of tf.Variable. Variables of the encoder and the
        generator to optimize. Default is the trainable variables under
        the "Gen" scope.
      *args: passed to `Inference.initialize` (n_iter, n_print, ...).
      **kwargs: passed to `Inference.initialize`, apart from
        `reconstruction_weight`: float >= 0, default 0.0 (Edward's
        objective). When positive, the encoder's and generator's
        objective adds reconstruction_weight * mean((x - G(E(x)))**2),
        ALICE's explicit cycle-consistency term (Li et al., 2017). G(E(x))
        is the generator's graph copied with the encoder's output in
        place of the prior's tensor, sharing the generator's variables,
        and is kept as `self.reconstruction`. It is a keyword of
        `**kwargs`, not of the signature, so that the signature stays
        Edward's.

    Raises:
      TypeError: if an optimizer, global step, `var_list` or
        `reconstruction_weight` has the wrong type.
      ValueError: if an optimizer's name is unknown, or
        `reconstruction_weight` is negative or not finite.
    """
    weight = kwargs.pop("reconstruction_weight", 0.0)
    _check_reconstruction_weight(weight)
    if weight > 0:
      # Refuse a generator that cannot be copied before any op is built.
      _copy_plan(self._observed_pair()[1],
                 tf.convert_to_tensor(self._latent_pair()[0]))
    self.reconstruction_weight = float(weight)
    super(BiGANInference, self).initialize(
        optimizer, optimizer_d, global_step, global_step_d, var_list,
        *args, **kwargs)

  def _latent_pair(self):
    """(z_true, z_fake): the prior's draw and the encoder's output."""
    (z_true, z_fake), = self.latent_vars.items()
    return z_true, z_fake

  def _generator_scope(self):
    """The "Gen" scope's full name, read where the inference is built."""
    outer = tf1.get_variable_scope().name
    return (outer + "/Gen/") if outer else "Gen/"

  def build_loss_and_gradients(self, var_list):
    """Builds both objectives and their gradients.

    The discriminator sees the data's pair (x, E(x)) and the model's
    pair (G(z), z). With a positive `reconstruction_weight`, the
    encoder's and generator's objective also has ALICE's term.

    Args:
      var_list: list of tf.Variable or None. The encoder's and
        generator's variables; None means the trainable variables under
        the "Gen" scope.

    Returns:
      (loss, grads_and_vars, loss_d, grads_and_vars_d).
    """
    x_true, x_fake = self._observed_pair()
    z_true, z_fake = self._latent_pair()
    gen_scope = self._generator_scope()
    d_data_pair, d_model_pair = self._discriminate((x_true, z_fake),
                                                   (x_fake, z_true))
    loss, loss_d = _gan_losses.bigan_losses(d_data_pair, d_model_pair,
                                            lean=self.lean_gradients)
    weight = getattr(self, "reconstruction_weight", 0.0)
    if weight > 0.0:
      # ALICE: pairs matched in distribution need not be matched pointwise
      # (G(E(x)) may be far from x); the cycle term ties them.
      with tf1.name_scope("reconstruction"):
        x_rec = _reconnect(x_fake, tf.convert_to_tensor(z_true), z_fake)
        self.reconstruction = x_rec
        loss += _reconstruction_penalty(x_true, x_rec, weight)
    if var_list is None:
      var_list = [v for v in tf1.trainable_variables()
                  if v.name.startswith(gen_scope)]
    return self._finish_losses(loss, loss_d, var_list,
                               self._regularization_losses(gen_scope))


def _reconstruction_penalty(x, x_rec, weight):
  """ALICE's explicit cycle-consistency term (Li et al., 2017).

  weight * mean((x - x_rec)**2), the mean over every element.

  Args:
    x: tf.Tensor. The observed batch.
    x_rec: tf.Tensor. Its reconstruction G(E(x)), of the same shape.
    weight: float. The coefficient lambda.

  Returns:
    Scalar tf.Tensor.
  """
  x = tf.convert_to_tensor(x)
  x_rec = tf.cast(x_rec, x.dtype)
  return tf.cast(weight, x.dtype) * tf.reduce_mean(tf.square(x - x_rec))


def _oriented(latent_vars, x_fake):
  """`latent_vars` as {prior's z: E(x)}, turned round if written reversed.

  Reversed means: the generator's output G(z) is computed from the
  value and not from the key. Any other case is left as the user wrote
  it.
  """
  (key, value), = latent_vars.items()
  sources = {tensor.ref() for tensor in _walk_up(x_fake)}
  from_key = _as_tensor(key).ref() in sources
  from_value = _as_tensor(value).ref() in sources
  if from_key or not from_value:
    return latent_vars
  warnings.warn(
      "latent_vars is reversed: the generator's output {} is computed from "
      "the value {}, not from the key {}. BiGANInference takes "
      "latent_vars={{prior's z: encoder's output}}; Edward's "
      "examples/bigan.py wrote {{encoder's output: z}}, which trains on "
      "mismatched pairs. Using {{{}: {}}}.".format(
          x_fake.name, _as_tensor(value).name, _as_tensor(key).name,
          _as_tensor(value).name, _as_tensor(key).name),
      UserWarning, stacklevel=3)
  return {value: key}


def _check_reconstruction_weight(weight):
  if (isinstance(weight, bool) or not isinstance(weight, numbers.Real)):
    raise TypeError("reconstruction_weight must be a float >= 0; got "
                    "{!r}.".format(weight))
  if not (math.isfinite(weight) and weight >= 0):
    raise ValueError("reconstruction_weight must be a finite float >= 0; "
                     "got {!r}.".format(weight))


def _tensor_key(tensor):
  return tensor.op.name, tensor.value_index


def _copy_plan(output, old_input):
  """The ops on a path from `old_input` to `output`, inputs first.

  Args:
    output: tf.Tensor. The end of the graph to copy, e.g. G(z).
    old_input: tf.Tensor. The tensor the copy will no longer read, e.g. z.

  Returns:
    list of tf.Operation, in an order where every op follows the ops it
    reads.

  Raises:
    ValueError: if `output` does not depend on `old_input`, or the path
      between them runs through a TF1 while loop or cond.
  """
  old_key = _tensor_key(old_input)
  depends = {}
  order = []
  # Depth-first, post-order: every op comes after the ops it reads.
  stack = [output.op]
  while stack:
    op = stack[-1]
    if op in depends:
      stack.pop()
      continue
    inputs = [t for t in op.inputs if _tensor_key(t) != old_key]
    pending = [t.op for t in inputs if t.op not in depends]
    if pending:
      stack.extend(pending)
      continue
    stack.pop()
    depends[op] = (len(inputs) < len(op.inputs) or
                   any(depends[t.op] for t in inputs))
    order.append(op)
  if not depends[output.op]:
    raise ValueError(
        "reconstruction_weight needs the generator's output {} to depend on "
        "the prior's tensor {}.".format(output.name, old_input.name))
  plan = [op for op in order if depends[op]]
  for op in plan:
    if op._get_control_flow_context() is not None:  # pylint: disable=protected-access
      raise ValueError(
          "reconstruction_weight cannot copy {}: it is inside a TF1 control "
          "flow construct (while_loop or cond).".format(op.name))
  return plan


def _reconnect(output, old_input, new_input):
  """Copies the graph of `output`, reading `new_input` for `old_input`.

  Only the ops on some path from `old_input` to `output` are copied;
  everything else they read (variables, constants, other placeholders,
  random draws) is shared with the original, so the copy's gradients
  reach the original variables. This is how G(E(x)) is had from the
  tensors G(z) and E(x) alone, without the networks' Python functions.

  Args:
    output: tf.Tensor. The end of the graph to copy, e.g. G(z).
    old_input: tf.Tensor. The tensor to read no more, e.g. z.
    new_input: tf.Tensor. What to read instead, e.g. E(x).

  Returns:
    tf.Tensor. The copy of `output`.

  Raises:
    ValueError: as `_copy_plan`.
  """
  graph = output.graph
  copies = {_tensor_key(old_input): new_input}
  for op in _copy_plan(output, old_input):
    inputs = [copies.get(_tensor_key(t), t) for t in op.inputs]
    control = [copies[_tensor_key(c.outputs[0])].op
               if c.outputs and _tensor_key(c.outputs[0]) in copies else c
               for c in op.control_inputs]
    with graph.control_dependencies(control):
      copy = graph.create_op(
          op.type, inputs, [t.dtype for t in op.outputs],
          name=op.name, attrs=dict(op.node_def.attr), op_def=op.op_def)
    for original, copied in zip(op.outputs, copy.outputs):
      copies[_tensor_key(original)] = copied
  return copies[_tensor_key(output)]
