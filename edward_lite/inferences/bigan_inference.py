"""Adversarially learned inference: BiGAN / ALI."""

from edward_lite._tf import tf, tf1
from edward_lite.inferences import _gan_losses
from edward_lite.inferences.gan_inference import GANInference, _check_one_pair
from edward_lite.inferences.inference import Inference

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
    """
    if not callable(discriminator):
      raise TypeError("discriminator must be a callable function.")
    _check_one_pair("latent_vars", latent_vars)
    _check_one_pair("data", data)
    self.discriminator = discriminator
    # GANInference's constructor takes no latent variables.
    Inference.__init__(self, latent_vars, data)

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
    pair (G(z), z).

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
    if self.logging:
      tf1.summary.histogram("discriminator_outputs",
                            tf.concat([d_data_pair, d_model_pair], axis=0),
                            collections=[self._summary_key])
    loss, loss_d = _gan_losses.bigan_losses(d_data_pair, d_model_pair)
    if var_list is None:
      var_list = [v for v in tf1.trainable_variables()
                  if v.name.startswith(gen_scope)]
    return self._finish_losses(loss, loss_d, var_list,
                               self._regularization_losses(gen_scope))
