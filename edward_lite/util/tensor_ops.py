"""Edward's tensor helpers that its examples call: `ed.dot`."""

from edward_lite._tf import tf, tf1

__all__ = ["dot"]


def dot(x, y):
  """Product of a matrix and a vector, or of a vector and a matrix.

  If `x` is an `[M, N]` matrix, `y` is an `N`-vector and the result is
  `x y`, an `M`-vector. If `x` is an `M`-vector, `y` is an `[M, N]`
  matrix and the result is `x^T y`, an `N`-vector. Either may be a
  random variable (its value is used).

  As in Edward, running the product first checks that both inputs are
  finite.

  Args:
    x: tf.Tensor. A 1-D or 2-D tensor (see above).
    y: tf.Tensor. A 2-D or 1-D tensor (see above).

  Returns:
    tf.Tensor. A 1-D tensor.

  Raises:
    ValueError: if the ranks of `x` and `y`, when known, are not 2 and 1
      or 1 and 2.
    InvalidArgumentError: when run, if `x` or `y` holds Inf or NaN.

  #### Examples

  ```python
  X = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
  w = tf.constant([1.0, -1.0])
  y = ed.dot(X, w)  # [-1.0, -1.0, -1.0]
  assert y.shape.as_list() == [3]
  ```
  """
  x = tf.convert_to_tensor(x)
  y = tf.convert_to_tensor(y)
  ranks = (x.shape.ndims, y.shape.ndims)
  if None not in ranks and ranks not in ((2, 1), (1, 2)):
    raise ValueError(
        "dot takes a matrix and a vector or a vector and a matrix; got x of "
        "rank {} (shape {}) and y of rank {} (shape {}).".format(
            ranks[0], x.shape, ranks[1], y.shape))
  checks = [tf1.verify_tensor_all_finite(x, msg=""),
            tf1.verify_tensor_all_finite(y, msg="")]
  with tf.control_dependencies(checks):
    x = tf.identity(x)
    y = tf.identity(y)
  # An unknown rank is taken as Edward took it: a vector x, else a matrix.
  if x.shape.ndims == 1:
    return tf.reshape(tf.matmul(tf.expand_dims(x, 0), y), [-1])
  return tf.reshape(tf.matmul(x, tf.expand_dims(y, 1)), [-1])
