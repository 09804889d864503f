"""GAN-style training with the Wasserstein distance."""

import math
import numbers

from edward_lite._tf import tf, tf1
from edward_lite.inferences._adversarial import losses
from edward_lite.inferences._adversarial import scopes
from edward_lite.inferences._setup.guard import guarded
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

  #### References

  Arjovsky, M., Chintala, S., & Bottou, L. (2017). Wasserstein GAN. In
  International conference on machine learning.

  Goodfellow, I., Pouget-Abadie, J., Mirza, M., Xu, B., Warde-Farley, D.,
  Ozair, S., Courville, A., & Bengio, Y. (2014). Generative adversarial
  nets. In Neural information processing systems.

  Gulrajani, I., Ahmed, F., Arjovsky, M., Dumoulin, V., & Courville, A.
  (2017). Improved training of Wasserstein GANs. arXiv preprint
  arXiv:1704.00028.
  """

  # A refused call takes back what it built (see `_setup/guard.py`).
  @guarded
  def initialize(self, penalty=10.0, clip=None, *args, **kwargs):
    """Sets hyperparameters and builds the algorithm's ops.

    Args:
      penalty: float. Weight of the gradient penalty that pushes the
        critic's gradient norm towards 1 (Gulrajani et al., 2017). None
        or 0.0 adds no penalty. A scalar tf.Tensor is taken as the
        weight, as Edward took it.
      clip: float. Clip every critic weight to [-clip, clip] after each
        critic update. Default is no clipping. A scalar tf.Tensor is
        taken as the bound, as Edward took it.
      *args: passed to `GANInference.initialize`.
      **kwargs: passed to `GANInference.initialize`.

    Raises:
      TypeError: if `penalty` or `clip` is not a number, a scalar real
        tf.Tensor or None.
      ValueError: if `penalty` or `clip` is a negative, NaN or infinite
        number, or a tensor of another graph or of a shape other than ().

    #### Notes

    With `clip`, `update` clips after each critic update within its own
    session call, and `clip_op` (Edward's attribute) is the list of the
    clipping assignments alone: running it clips, and does nothing else.
    """
    _check_weight("penalty", penalty)
    _check_weight("clip", clip)
    self.penalty = penalty
    self.clip = clip
    self.clip_op = None
    super(WGANInference, self).initialize(*args, **kwargs)
    if clip is not None:
      self.clip_op = self._clip_assignments()

  def _clip_assignments(self):
    """One assignment per critic variable, clipping it to [-clip, clip]."""
    assignments = []
    for weight in self._discriminator_variables():
      bound = tf.cast(self.clip, weight.dtype.base_dtype)
      assignments.append(weight.assign(tf.clip_by_value(weight, -bound,
                                                        bound)))
    return assignments

  def _after_discriminator_step(self, train_d):
    if self.clip is None:
      return train_d
    # Clipping waits for the critic's update, within the same session call.
    with tf.control_dependencies([train_d]):
      return tf.group(*self._clip_assignments())

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
    loss, loss_d = losses.wgan_losses(d_true, d_fake)
    if _penalty_is_on(self.penalty):
      def critic(x_hat):
        with tf1.variable_scope(self._disc_variable_scope, reuse=True):
          return self.discriminator(x_hat)
      weight = self.penalty
      if _is_tensor(weight):
        weight = tf.cast(weight, tf.convert_to_tensor(x_true).dtype)
      penalty, _ = losses.gradient_penalty(critic, x_true, x_fake, weight)
      loss_d = loss_d + penalty
    if var_list is None:
      var_list = scopes.variables_of([x_fake],
                                     self._discriminator_variables())
    return self._finish_losses(loss, loss_d, var_list,
                               self._regularization_losses())


def _is_tensor(value):
  return isinstance(value, tf.Variable) or tf.is_tensor(value)


def _penalty_is_on(penalty):
  """Edward's test, `not (penalty is None or penalty == 0)`.

  A tensor compared to 0 was never equal in TensorFlow 1 (tensors
  compared by identity), so a tensor always turns the penalty on.
  """
  if penalty is None:
    return False
  return _is_tensor(penalty) or penalty != 0


def _check_weight(name, value):
  """`value` is None, a finite number >= 0, or a scalar real tensor."""
  if value is None:
    return
  if _is_tensor(value):
    if value.graph is not tf1.get_default_graph():
      raise ValueError("{} is a tensor of another graph than the default "
                       "graph.".format(name))
    dtype = value.dtype.base_dtype
    if not (dtype.is_floating or dtype.is_integer):
      raise TypeError("{} must be a real tensor; got dtype {}.".format(
          name, dtype.name))
    if value.shape.ndims is not None and value.shape.ndims != 0:
      raise ValueError("{} must be a scalar tensor; got shape {}.".format(
          name, value.shape))
    return
  if isinstance(value, bool) or not isinstance(value, numbers.Real):
    raise TypeError("{} must be a float, a scalar tf.Tensor, or None; got "
                    "{}.".format(name, type(value).__name__))
  # NaN passes every comparison below, and an infinite penalty or clip
  # makes every loss infinite or clips nothing.
  if not math.isfinite(value):
    raise ValueError("{} must be finite; got {}.".format(name, value))
  if value < 0:
    raise ValueError("{} must be non-negative; got {}.".format(name, value))
