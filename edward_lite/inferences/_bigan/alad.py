"""ALAD's cycle discriminators D_xx and D_zz (Zenati et al., 2018).

"Adversarially Learned Anomaly Detection" adds to a BiGAN two
discriminators that see cycles rather than (data, code) pairs:

- D_xx(x, x') tells the matched pair (x, x) from (x, G(E(x))),
- D_zz(z, z') tells the matched pair (z, z) from (z, E(G(z))).

Both train with the BiGAN discriminator's optimizer, and the encoder
and generator add the opposite objectives to theirs, so that matching
the cycles to the identity is part of the game (see
`_adversarial/losses.alad_cycle_losses`). G(E(x)) and E(G(z)) are graph copies
of the generator and the encoder (`edward_lite.util.graph_copy`).
"""

import numpy as np

from edward_lite._tf import tf, tf1
from edward_lite.inferences._adversarial import losses
from edward_lite.inferences._adversarial.checks import (
    check_discriminator_outputs)

__all__ = ["CYCLES", "CycleTerms", "default_pair_discriminator",
           "build_cycle_terms"]

# The cycle discriminators: name -> the suffix of their variable scope.
CYCLES = ("xx", "zz")

# The default network's hidden width is the pair's width, kept in this
# range: wide enough for toy data, small enough for images.
_MIN_UNITS, _MAX_UNITS = 32, 256
_LEAK = 0.2


def default_pair_discriminator(first, second):
  """The default D_xx / D_zz: one hidden layer on the concatenated pair.

  logit = leaky_relu([a, b] W1 + b1, 0.2) W2 + b2, where a and b are the
  two arguments flattened to one row per example and the hidden layer
  has as many units as [a, b] has columns, kept within [32, 256] (ALAD's
  tabular networks have one hidden layer with a leaky ReLU of slope
  0.2). Its variables are made with `tf.get_variable` ("hidden/kernel",
  "hidden/bias", "logit/kernel", "logit/bias"), so a variable scope's
  custom getter (spectral normalization) sees them.

  Args:
    first: tf.Tensor. Examples along axis 0, every other size known.
    second: tf.Tensor. As `first`, with as many examples.

  Returns:
    tf.Tensor of shape [batch, 1]: the logits.

  Raises:
    ValueError: if an argument's size per example is not known.
  """
  rows = []
  for tensor in (first, second):
    tensor = tf.convert_to_tensor(tensor)
    width = tensor.shape[1:].num_elements()
    if width is None:
      raise ValueError("the default cycle discriminator needs inputs whose "
                       "size per example is known; got shape {}.".format(
                           tensor.shape))
    rows.append(tf.reshape(tensor, [-1, width]))
  joint = tf.concat([rows[0], tf.cast(rows[1], rows[0].dtype)], axis=1)
  width = joint.shape[1]
  units = int(np.clip(width, _MIN_UNITS, _MAX_UNITS))
  dtype = joint.dtype.base_dtype
  hidden = _dense(joint, units, "hidden", dtype)
  hidden = tf.maximum(hidden, _LEAK * hidden)
  return _dense(hidden, 1, "logit", dtype)


def _dense(inputs, units, name, dtype):
  with tf1.variable_scope(name):
    kernel = tf1.get_variable(
        "kernel", [inputs.shape[1], units], dtype,
        initializer=tf1.glorot_uniform_initializer())
    bias = tf1.get_variable("bias", [units], dtype,
                            initializer=tf1.zeros_initializer())
  return tf.matmul(inputs, kernel) + bias


class CycleTerms(object):
  """What the cycle discriminators add to a BiGAN.

  Attributes:
    loss: scalar tf.Tensor. Added to the encoder's and generator's
      objective.
    loss_d: scalar tf.Tensor. Added to the discriminator's objective,
      their regularization losses included.
    scopes: dict. Cycle name ("xx", "zz") -> its tf.VariableScope.
    discriminators: dict. Cycle name -> its callable.
    logits: dict. Cycle name -> (matched logits, cycled logits).
  """

  def __init__(self):
    self.loss = 0.0
    self.loss_d = 0.0
    self.scopes = {}
    self.discriminators = {}
    self.logits = {}

  def variables(self):
    """The trainable variables under the cycle discriminators' scopes."""
    variables = []
    for scope in self.scopes.values():
      variables += tf1.get_collection(tf1.GraphKeys.TRAINABLE_VARIABLES,
                                      scope=scope.name)
    return variables


def build_cycle_terms(pairs, discriminators, disc_scope_name, lean=False):
  """Applies D_xx and D_zz and returns their objectives.

  Args:
    pairs: dict. Cycle name -> (matched, cycled): for "xx",
      ((x, x), (x, G(E(x)))); for "zz", ((z, z), (z, E(G(z)))).
    discriminators: dict. Cycle name -> callable of a pair, made under
      the variable scope named after the BiGAN discriminator's, e.g.
      "Disc_xx" beside "Disc".
    disc_scope_name: str. The BiGAN discriminator's scope, full name
      (e.g. "outer/Disc"); the cycle scopes get its last part plus
      "_xx" / "_zz", made in the current variable scope.
    lean: bool. Cross-entropies as softplus ops.

  Returns:
    CycleTerms.

  Raises:
    TypeError: as `check_discriminator_outputs`.
    ValueError: if a cycle discriminator makes no trainable variable.
  """
  terms = CycleTerms()
  base = disc_scope_name.rsplit("/", 1)[-1]
  for cycle in CYCLES:
    matched, cycled = pairs[cycle]
    discriminator = discriminators[cycle]
    with tf1.variable_scope("{}_{}".format(base, cycle)) as scope:
      d_matched = discriminator(*matched)
    with tf1.variable_scope(scope, reuse=True):
      d_cycled = discriminator(*cycled)
    d_matched, d_cycled = check_discriminator_outputs(
        [d_matched, d_cycled], [matched[0], cycled[0]])
    loss, loss_d = losses.alad_cycle_losses(d_matched, d_cycled, lean)
    # TensorFlow's scope rule, as for "Disc": the reused call's
    # "Disc_xx_1/..." regularizers count too.
    reg_terms = tf1.get_collection(tf1.GraphKeys.REGULARIZATION_LOSSES,
                                   scope=scope.name)
    terms.loss += loss
    terms.loss_d += losses.add_regularization(loss_d, reg_terms)
    terms.scopes[cycle] = scope
    terms.discriminators[cycle] = discriminator
    terms.logits[cycle] = (d_matched, d_cycled)
    if not tf1.get_collection(tf1.GraphKeys.TRAINABLE_VARIABLES,
                              scope=scope.name):
      raise ValueError(
          "discriminator_{} made no trainable variable under the variable "
          "scope '{}': create its layers inside the function, so that they "
          "are made there.".format(cycle, scope.name))
  return terms
