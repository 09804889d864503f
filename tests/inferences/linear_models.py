"""Tiny linear GAN and BiGAN models with fixed weights, and their NumPy twins.

Every network is linear so that the losses and the gradients of one
update can be worked out by hand in float64 and compared with what the
inference classes compute.
"""

import numpy as np

from edward_lite._tf import tf, tf1

__all__ = ["W_D", "B_D", "A_G", "C_G", "linear_discriminator",
           "linear_pair_discriminator", "np_softplus", "np_sigmoid",
           "numeric_gradient"]

W_D = np.array([[0.7]], np.float32)
B_D = np.array([-0.2], np.float32)
A_G = np.float32(1.3)
C_G = np.float32(0.4)


def np_softplus(x):
  x = np.asarray(x, np.float64)
  return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0.0)


def np_sigmoid(x):
  return 1.0 / (1.0 + np.exp(-np.asarray(x, np.float64)))


def numeric_gradient(f, params, index, eps=1e-6):
  """Central differences of f(*params) in params[index], float64."""
  params = [np.array(p, np.float64) for p in params]
  grad = np.zeros_like(params[index])
  for i in np.ndindex(grad.shape):
    up = [p.copy() for p in params]
    down = [p.copy() for p in params]
    up[index][i] += eps
    down[index][i] -= eps
    grad[i] = (f(*up) - f(*down)) / (2 * eps)
  return grad


def linear_discriminator(x, w=W_D, b=B_D):
  """d(x) = x w + b, with its variables made by get_variable."""
  weight = tf1.get_variable("w", initializer=tf.constant(w))
  bias = tf1.get_variable("b", initializer=tf.constant(b))
  return tf.matmul(tf.convert_to_tensor(x), weight) + bias


def linear_pair_discriminator(x, z, w, b):
  """d(x, z) = [x, z] w + b."""
  weight = tf1.get_variable("w", initializer=tf.constant(w))
  bias = tf1.get_variable("b", initializer=tf.constant(b))
  joint = tf.concat([tf.convert_to_tensor(x), tf.convert_to_tensor(z)], 1)
  return tf.matmul(joint, weight) + bias
