"""GAN-style training with the Wasserstein distance."""

import math
import numbers

from edward_lite._tf import tf, tf1
from edward_lite.inferences import _gan_losses
from edward_lite.inferences.gan_inference import GANInference

__all__ = ["WGANInference"]


class WGANInference(GANInference):
  """Parameter estimation with GAN-style training (Goodfellow et al.,
  2014), using the Wasserstein distance (Arjovsky et al., 2017).

  Works for implicit (and differentiable) probabilistic models: models
  with no tractable density, given only as a program that draws samples.

  #### Notes

  Its arguments are those of `GANInference`; only their meaning
  differs: the `discriminator` is better called a critic or test
  function, and keeps its name only to share methods and attributes
  with `GANInference`.

  Each objective also adds the sum of the tensors in the
  `REGULARIZATION_LOSSES` collection.

  #### Examples

  ```python
  z = Normal(loc=tf.zeros([100, 10]), scale=tf.ones([100, 10]))
  x = generative_network(z)

  inference = ed.WGANInference({x: x_data}, discriminator)
  ```
  """

  def initialize(self, penalty=10.0, clip=None, *args, **kwargs):
    """Sets hyperparameters and builds the algorithm's ops.

    Args:
      penalty: float. Weight of the gradient penalty that pushes the
        critic's gradient norm towards 1 (Gulrajani et al., 2017). None
        or 0.0 adds no penalty.
      clip: float. Clip every critic weight to [-clip, clip] after each
        critic update. Default is no clipping.
      *args: passed to `GANInference.initialize`.
      **kwargs: passed to `GANInference.initialize`.

    Raises:
      TypeError: if `penalty` or `clip` is not a number or None.
      ValueError: if `penalty` is negative or `clip` is not positive, or
        either is NaN or infinite.
    """
    _check_number("penalty", penalty, allow_zero=True)
    _check_number("clip", clip, allow_zero=False)
    self.penalty = penalty
    self.clip = clip
    self.clip_op = None
    super(WGANInference, self).initialize(*args, **kwargs)

  def _after_discriminator_step(self, train_d):
    if self.clip is None:
      return train_d
    # Clipping waits for the critic's update, within the same session call.
    with tf.control_dependencies([train_d]):
      clip_op = [w.assign(tf.clip_by_value(w, -self.clip, self.clip))
                 for w in self._discriminator_variables()]
    if self.clip_op is None:
      self.clip_op = clip_op  # Edward's attribute: the critic-only step's.
    return tf.group(*clip_op)

  def build_loss_and_gradients(self, var_list):
    """Builds both objectives and their gradients.

    Args:
      var_list: list of tf.Variable or None. The generator's variables;
        None means every trainable variable the generated data depends
        on, apart from the critic's.

    Returns:
      (loss, grads_and_vars, loss_d, grads_and_vars_d).
    """
    x_true, x_fake = self._observed_pair()
    d_true, d_fake = self._discriminate((x_true,), (x_fake,))
    loss, loss_d = _gan_losses.wgan_losses(d_true, d_fake)
    if self.penalty:
      def critic(x_hat):
        with tf1.variable_scope(self._disc_variable_scope, reuse=True):
          return self.discriminator(x_hat)
      penalty, _ = _gan_losses.gradient_penalty(critic, x_true, x_fake,
                                                self.penalty)
      loss_d = loss_d + penalty
    if var_list is None:
      var_list = self._default_generator_variables([x_fake])
    return self._finish_losses(loss, loss_d, var_list,
                               self._regularization_losses())


def _check_number(name, value, allow_zero):
  if value is None:
    return
  if isinstance(value, bool) or not isinstance(value, numbers.Real):
    raise TypeError("{} must be a float or None; got {}.".format(
        name, type(value).__name__))
  # NaN passes every comparison below, and an infinite penalty or clip
  # makes every loss infinite or clips nothing.
  if not math.isfinite(value):
    raise ValueError("{} must be finite; got {}.".format(name, value))
  if value < 0 or (value == 0 and not allow_zero):
    raise ValueError("{} must be {}; got {}.".format(
        name, "non-negative" if allow_zero else "positive", value))
