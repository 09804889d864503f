"""Adversarially learned inference: BiGAN / ALI, with ALICE's option."""

import contextlib
import re

from edward_lite._tf import tf, tf1
from edward_lite.inferences._adversarial import losses
from edward_lite.inferences._adversarial.checks import (
    check_dicts, check_one_pair, oriented)
from edward_lite.inferences._bigan import alad
from edward_lite.inferences._bigan import averaging
from edward_lite.inferences._bigan import options as bigan_options
from edward_lite.inferences._bigan import spectral_norm
from edward_lite.inferences._bigan.networks import BiGANNetworks
from edward_lite.inferences._setup.guard import guarded
from edward_lite.inferences.gan_inference import GANInference
from edward_lite.inferences.inference import Inference
from edward_lite.util.graph_copy import check_copyable, reconnect

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

  edward_lite adds keywords to `initialize`, each off by default; with
  none of them the objective is exactly Edward's.

  - `reconstruction_weight=lam` adds ALICE's bound on the conditional
    entropy H(x | z) (Li et al., 2017) to the encoder's and generator's
    objective: lam * mean((x - G(E(x)))**2), the mean over every element
    of the batch, or with `reconstruction_reduction="sum"`
    lam * mean_i sum_j (x_ij - G(E(x_i))_j)**2, a squared error per
    example averaged over examples.
  - `alad=True` adds ALAD's cycle discriminators (Zenati et al., 2018):
    D_xx tells (x, x) from (x, G(E(x))) and D_zz tells (z, z) from
    (z, E(G(z))), labelling the matched pair 1. They live under the
    variable scopes "Disc_xx" and "Disc_zz" (beside "Disc", and named
    after it), train with the discriminator's optimizer, and the
    encoder's and generator's objective adds their opposite objectives.
    `discriminator_xx` and `discriminator_zz` give them as callables of
    a pair; the default is a network with one hidden layer of leaky
    ReLUs (slope 0.2) as wide as the pair, within [32, 256] units.
  - `spectral_norm=True` divides every kernel (variable of rank >= 2
    made with `tf.get_variable` or `tf.layers`) of every discriminator
    by its largest singular value (Miyato et al., 2018), estimated by
    one step of power iteration per discriminator update, the vectors
    kept as non-trainable variables "<kernel>/spectral_norm_u".
  - `ema_decay=d` keeps an exponential moving average of the encoder's
    and generator's weights, updated after each of their updates:
    s_t = d * s_{t-1} + (1 - d) * w_t. `inference.networks` then
    encodes, generates and reconstructs with the averages. `d = 0.0`
    would copy the weights, so 0.0, like None, turns the average off.

  After `initialize`, `inference.networks` (a `BiGANNetworks`) runs the
  encoder, the generator, their cycle and the discriminators on NumPy
  arrays: `encode(x)`, `generate(z)`, `reconstruct(x)`,
  `discriminate(x, z)` and `discriminator_features(x, z)`.

  #### Examples

  ```python
  with tf.variable_scope("Gen"):
    xf = gen_data(z_ph)
    zf = gen_latent(x_ph)
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)
  ```

  #### References

  Donahue, J., Krähenbühl, P., & Darrell, T. (2017). Adversarial Feature
  Learning. In International conference on learning representations.

  Dumoulin, V., Belghazi, I., Poole, B., Lamb, A., Arjovsky, M.,
  Mastropietro, O., & Courville, A. (2017). Adversarially Learned
  Inference. In International conference on learning representations.
  """

  # What `initialize`'s edward_lite keywords built; none until asked for.
  _options = bigan_options.DEFAULT_OPTIONS
  _spectral_norm = None
  _cycles = None
  _averaged = None

  def __init__(self, latent_vars, data, discriminator):
    """Creates an inference algorithm.

    Args:
      latent_vars: dict. Binds the prior latent tensor (a placeholder or
        random variable z) to the encoder's output E(x).
      data: dict. Binds the generator's output G(z) to the observed data
        x (a placeholder, tensor or NumPy array).
      discriminator: function. Maps a pair `(x, z)` to logits of any
        shape, as in Edward (one per pair, [batch] or [batch, 1], or
        several, [batch, k]; the losses average every element); its
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
    check_dicts(latent_vars, data)
    check_one_pair("latent_vars", latent_vars)
    check_one_pair("data", data)
    self.discriminator = discriminator
    # GANInference's constructor takes no latent variables.
    Inference.__init__(self, latent_vars, data)
    self.latent_vars = oriented(self.latent_vars, self._observed_pair()[1])

  # A refused call takes back what it built (see `_setup/guard.py`).
  @guarded
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
      **kwargs: passed to `Inference.initialize`, apart from the
        edward_lite keywords below, each off by default (Edward's
        objective). They are keywords of `**kwargs`, not of the
        signature, so that the signature stays Edward's.
        `reconstruction_weight`: float >= 0, default 0.0. When positive,
        the encoder's and generator's objective adds ALICE's
        cycle-consistency term (Li et al., 2017), weight times the
        squared error between x and G(E(x)), reduced as
        `reconstruction_reduction` says: "mean" (default) over every
        element, "sum" over each example's elements and then the mean
        over examples. G(E(x)) is the generator's graph copied with the
        encoder's output in place of the prior's tensor, sharing the
        generator's variables, and is kept as `self.reconstruction`.
        `alad`: bool, default False. ALAD's cycle discriminators
        (Zenati et al., 2018), `discriminator_xx` on (x, x) against
        (x, G(E(x))) and `discriminator_zz` on (z, z) against
        (z, E(G(z))): callables of a pair, default a one-hidden-layer
        network sized from the data (see
        `edward_lite/inferences/_bigan/alad.py`).
        `spectral_norm`: bool, default False. Every discriminator's
        kernels divided by their largest singular value (Miyato et al.,
        2018), one power iteration per discriminator update.
        `ema_decay`: float in [0, 1) or None, default None. A moving
        average of the encoder's and generator's weights, updated after
        each of their updates; `self.networks` then uses it. None and
        0.0 (or 0) both mean off: no average is kept and no variable
        is made for one.

    Raises:
      TypeError: if an optimizer, global step, `var_list` or one of the
        keywords above has the wrong type.
      ValueError: if an optimizer's name is unknown, a keyword above is
        out of range, or a network to copy does not depend on its input.
    """
    options = bigan_options.pop_options(kwargs)
    x_true, x_fake = self._observed_pair()
    z_true, z_fake = self._latent_pair()
    # Refuse a network that cannot be copied before any op is built.
    if options.reconstruction_weight > 0 or options.alad:
      check_copyable(
          "reconstruction_weight" if options.reconstruction_weight > 0
          else "alad", ("generator's output", x_fake),
          ("prior's tensor", tf.convert_to_tensor(z_true)))
    if options.alad:
      check_copyable("alad", ("encoder's output", z_fake),
                     ("observed data", tf.convert_to_tensor(x_true)))
    self.reconstruction_weight = options.reconstruction_weight
    self._options = options
    self._spectral_norm = (spectral_norm.SpectralNormalizer()
                           if options.spectral_norm else None)
    # A second initialize() starts from the options it is given.
    self._averaged = None
    self._cycles = None
    super(BiGANInference, self).initialize(
        optimizer, optimizer_d, global_step, global_step_d, var_list,
        *args, **kwargs)
    discriminators = {"xz": (self.discriminator, self._disc_variable_scope)}
    if self._cycles is not None:
      for name, scope in self._cycles.scopes.items():
        discriminators[name] = (self._cycles.discriminators[name], scope)
    self.networks = BiGANNetworks(self, discriminators, self._averaged)

  def _latent_pair(self):
    """(z_true, z_fake): the prior's draw and the encoder's output."""
    (z_true, z_fake), = self.latent_vars.items()
    return z_true, z_fake

  def _generator_scope(self):
    """The "Gen" scope's full name, read where the inference is built.

    Variables and regularizers are selected by it as Edward did, with
    `tf.get_collection(key, scope)`: names it matches as a regular
    expression from their start ("Gen/...", and "Gen_1/..." from a
    second `tf.variable_scope("Gen")` block).
    """
    outer = tf1.get_variable_scope().name
    return (outer + "/Gen") if outer else "Gen"

  def build_loss_and_gradients(self, var_list):
    """Builds both objectives and their gradients.

    The discriminator sees the data's pair (x, E(x)) and the model's
    pair (G(z), z). The keywords of `initialize` add their terms: ALICE's
    reconstruction and ALAD's cycle discriminators.

    Args:
      var_list: list of tf.Variable or None. The encoder's and
        generator's variables; None means the trainable variables under
        the "Gen" scope.

    Returns:
      (loss, grads_and_vars, loss_d, grads_and_vars_d).
    """
    options = self._options
    x_true, x_fake = self._observed_pair()
    z_true, z_fake = self._latent_pair()
    z_true = tf.convert_to_tensor(z_true)
    gen_scope = self._generator_scope()
    with self._discriminator_getter():
      d_data_pair, d_model_pair = self._discriminate((x_true, z_fake),
                                                     (x_fake, z_true))
      loss, loss_d = losses.bigan_losses(d_data_pair, d_model_pair,
                                         lean=self.lean_gradients)
      if options.reconstruction_weight > 0.0 or options.alad:
        # ALICE and ALAD: pairs matched in distribution need not be
        # matched pointwise (G(E(x)) may be far from x); the cycle ties
        # them.
        with tf1.name_scope("reconstruction"):
          self.reconstruction = reconnect(
              x_fake, [(z_true, z_fake)],
              "alad" if options.alad else "reconstruction_weight")
      if options.reconstruction_weight > 0.0:
        loss += losses.reconstruction_penalty(
            x_true, self.reconstruction, options.reconstruction_weight,
            options.reconstruction_reduction)
      if options.alad:
        self._cycles = self._build_cycles(x_true, x_fake, z_true, z_fake)
        loss += self._cycles.loss
        loss_d += self._cycles.loss_d
    if self._spectral_norm is not None and not self._spectral_norm.kernels:
      raise ValueError(
          "spectral_norm found no kernel: the discriminators must make their "
          "weights with tf.get_variable or tf.layers (variable scopes' "
          "custom getters do not see Keras 2+ layers).")
    if var_list is None:
      var_list = tf1.get_collection(tf1.GraphKeys.TRAINABLE_VARIABLES,
                                    scope=gen_scope)
    return self._finish_losses(loss, loss_d, var_list,
                               self._regularization_losses(gen_scope))

  def _build_cycles(self, x_true, x_fake, z_true, z_fake):
    """ALAD's D_xx and D_zz on their matched and cycled pairs."""
    options = self._options
    with tf1.name_scope("cycle"):
      z_cycled = reconnect(z_fake, [(x_true, x_fake)], "alad")
    discriminators = {
        "xx": options.discriminator_xx or alad.default_pair_discriminator,
        "zz": options.discriminator_zz or alad.default_pair_discriminator}
    pairs = {"xx": ((x_true, x_true), (x_true, self.reconstruction)),
             "zz": ((z_true, z_true), (z_true, z_cycled))}
    return alad.build_cycle_terms(pairs, discriminators,
                                  self._disc_variable_scope.name,
                                  lean=self.lean_gradients)

  def _discriminator_getter(self):
    """Re-enters the current variable scope with spectral normalization.

    The scopes the discriminators are made in inherit the custom getter,
    and keep it when re-entered later (to score, for instance).
    """
    if self._spectral_norm is None:
      return contextlib.nullcontext()
    return tf1.variable_scope(tf1.get_variable_scope(),
                              custom_getter=self._spectral_norm,
                              auxiliary_name_scope=False)

  def _discriminator_variables(self):
    """The "Disc" scope's variables, then the cycle discriminators'.

    "Disc" matches "Disc_xx/..." and "Disc_zz/..." too (TensorFlow's
    rule); those are listed once, with their cycle.
    """
    variables = self._outside_cycles(
        super(BiGANInference, self)._discriminator_variables())
    if self._cycles is not None:
      variables += self._cycles.variables()
    return variables

  def _discriminator_regularization_losses(self):
    """The "Disc" scope's regularizers; the cycles add their own."""
    return self._outside_cycles(
        super(BiGANInference, self)._discriminator_regularization_losses())

  def _outside_cycles(self, items):
    if self._cycles is None:
      return items
    scopes = [scope.name for scope in self._cycles.scopes.values()]
    return [item for item in items
            if not any(re.match(scope, item.name) for scope in scopes)]

  def _after_discriminator_step(self, train_d):
    """The discriminator's update, then the power iterations' new vectors."""
    train_d = super(BiGANInference, self)._after_discriminator_step(train_d)
    if self._spectral_norm is None:
      return train_d
    with tf.control_dependencies([train_d]):
      return self._spectral_norm.update_op()

  def _after_train_ops(self, ops):
    """With `ema_decay`, averages the weights after each of their updates.

    On one device and under a strategy alike (in its scope, where the
    shadow variables are mirrored as the weights are).
    """
    if not self._options.ema_decay:
      return ops
    averager = averaging.WeightAverager(
        self._options.ema_decay, [v for _, v in ops.grads_and_vars])
    ops = ops._replace(train=averager.after(ops.train),
                       train_joint=averager.after(ops.train_joint))
    _, x_fake = self._observed_pair()
    z_true, z_fake = self._latent_pair()
    with tf1.name_scope("averaged"):
      encoding = averager.copy(z_fake)
      generation = averager.copy(x_fake)
      reconstruction = reconnect(
          generation, [(tf.convert_to_tensor(z_true), encoding)], "ema_decay")
    self._averaged = {"encoding": encoding, "generation": generation,
                      "reconstruction": reconstruction}
    return ops
