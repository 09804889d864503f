"""Spectral normalization of a discriminator's kernels (Miyato et al., 2018).

Each kernel W (reshaped to a matrix of its output units' columns, so a
convolution's [h, w, in, out] is read as [h * w * in, out]) is used as
W / sigma(W), sigma(W) its largest singular value. sigma is estimated by
power iteration with a vector u kept between updates as a non-trainable
variable: from the stored u,

    v     = normalize(u W^T)
    u_new = normalize(v W)
    sigma = v W u_new^T,

u and v held constant in the gradient (as in the paper). Each update of
the discriminator stores u_new in u, so one iteration is taken per
update and sigma tracks the slowly changing W.

The user's discriminator makes its own kernels (with `tf.layers` or
`tf.get_variable`), so the normalization is applied through a variable
scope's custom getter: every trainable variable of rank 2 or more that
`tf.get_variable` makes or reuses under the scope is handed to the
discriminator as the normalized tensor. Biases (rank 1) are left alone.
Variables made some other way (Keras 2+ layers that do not use variable
scopes) are not seen by the getter.
"""

from edward_lite._tf import tf, tf1

__all__ = ["SpectralNormalizer", "power_iteration"]

# The suffix of the variable holding a kernel's power-iteration vector.
U_SUFFIX = "spectral_norm_u"


def power_iteration(matrix, u):
  """One step of power iteration for the top singular value of `matrix`.

  Args:
    matrix: tf.Tensor of shape [m, n].
    u: tf.Tensor of shape [1, n]. The previous estimate of the top right
      singular vector.

  Returns:
    (sigma, u_new): the scalar estimate v matrix u_new^T and the new
    estimate of shape [1, n], both with no gradient through u or v.
  """
  v = tf.stop_gradient(
      tf.math.l2_normalize(tf.matmul(u, matrix, transpose_b=True)))
  u_new = tf.stop_gradient(tf.math.l2_normalize(tf.matmul(v, matrix)))
  sigma = tf.reshape(
      tf.matmul(tf.matmul(v, matrix), u_new, transpose_b=True), [])
  return sigma, u_new


class SpectralNormalizer(object):
  """A custom getter that spectrally normalizes kernels, once per variable.

  The first request for a kernel makes its u variable and its normalized
  tensor; later requests (the discriminator applied again with
  `reuse=True`) get the same tensor, so that however often the
  discriminator is applied, each kernel has one u and one update.
  """

  def __init__(self):
    self._normalized = {}
    self._updates = []

  @property
  def kernels(self):
    """list of str: the names of the variables normalized so far."""
    return sorted(self._normalized)

  def __call__(self, getter, name, *args, **kwargs):
    variable = getter(name, *args, **kwargs)
    if name in self._normalized:
      return self._normalized[name]
    shape = variable.shape
    if (not kwargs.get("trainable", True) or shape.ndims is None or
        shape.ndims < 2 or not shape.is_fully_defined()):
      return variable
    columns = shape.as_list()[-1]
    u = getter("{}/{}".format(name, U_SUFFIX), shape=[1, columns],
               dtype=variable.dtype.base_dtype,
               initializer=tf1.random_normal_initializer(),
               trainable=False)
    matrix = tf.reshape(variable, [-1, columns])
    sigma, u_new = power_iteration(matrix, tf.convert_to_tensor(u))
    normalized = variable / sigma
    self._normalized[name] = normalized
    self._updates.append((u, u_new))
    return normalized

  def update_op(self):
    """An op storing each kernel's new u, built where it is called.

    Build it under control dependencies on the discriminator's update,
    so that the step's gradients read the u it started with.
    """
    return tf.group(*[u.assign(u_new) for u, u_new in self._updates])
