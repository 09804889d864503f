"""Spectral normalization: power iteration against numpy.linalg.svd."""

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.inferences._bigan import spectral_norm
from tests.inferences.linear_models import np_softplus
from tests.inferences.test_bigan_inference import (
    DISC_B, ENC_W, GEN_W, X_DATA, Z_DATA, build_linear_bigan, discriminator,
    numeric_gradient)


def normalize(a):
  return a / np.linalg.norm(a)


def numpy_power_step(matrix, u):
  """(sigma, u_new) of one power iteration, in float64."""
  v = normalize(u @ matrix.T)
  u_new = normalize(v @ matrix)
  return (v @ matrix @ u_new.T).item(), u_new


def test_one_power_iteration_by_hand(sess):
  rng = np.random.RandomState(0)
  matrix = rng.randn(5, 3)
  u = rng.randn(1, 3)
  sigma, u_new = sess.run(spectral_norm.power_iteration(
      tf.constant(matrix), tf.constant(u)))
  expected_sigma, expected_u = numpy_power_step(matrix, u)
  np.testing.assert_allclose(sigma, expected_sigma, rtol=1e-12)
  np.testing.assert_allclose(u_new, expected_u, rtol=1e-12)


@pytest.mark.parametrize("shape", [(5, 3), (3, 7), (2, 2, 3, 4)],
                         ids=["tall", "wide", "conv"])
def test_the_normalizer_converges_to_the_top_singular_value(sess, shape):
  rng = np.random.RandomState(sum(shape))
  kernel = rng.randn(*shape).astype(np.float32)
  normalizer = spectral_norm.SpectralNormalizer()
  with tf1.variable_scope("d", custom_getter=normalizer) as scope:
    normalized = tf1.get_variable("kernel", initializer=tf.constant(kernel))
  with tf1.variable_scope(scope, reuse=True):
    again = tf1.get_variable("kernel")  # one tensor, one u, per kernel
  update = normalizer.update_op()
  tf1.global_variables_initializer().run()
  assert again is normalized and normalizer.kernels == ["d/kernel"]
  for _ in range(100):
    sess.run(update)
  matrix = kernel.reshape(-1, shape[-1]).astype(np.float64)
  top = np.linalg.svd(matrix, compute_uv=False)[0]
  # The kernel divided by its largest singular value, as svd gives it.
  np.testing.assert_allclose(sess.run(normalized), kernel / top, rtol=1e-4)
  assert np.linalg.svd(sess.run(normalized).reshape(matrix.shape),
                       compute_uv=False)[0] == pytest.approx(1.0, rel=1e-4)


def test_biases_and_untrainable_variables_are_left_alone(sess):
  normalizer = spectral_norm.SpectralNormalizer()
  with tf1.variable_scope("d", custom_getter=normalizer):
    bias = tf1.get_variable("bias", initializer=tf.ones([3]))
    frozen = tf1.get_variable("frozen", initializer=tf.ones([2, 2]),
                              trainable=False)
  assert isinstance(bias, tf.Variable) and isinstance(frozen, tf.Variable)
  assert normalizer.kernels == []


# A discriminator of two linear layers, so that the first kernel has
# several columns and its u is a direction, not just a sign:
# d(x, z) = ([x, z] HIDDEN_W) OUT_W + DISC_B.
RNG = np.random.RandomState(5)
HIDDEN_W = RNG.randn(5, 3).astype(np.float32)
OUT_W = RNG.randn(3, 1).astype(np.float32)


def two_layer_discriminator(x, z):
  hidden_w = tf1.get_variable("hidden_w", initializer=tf.constant(HIDDEN_W))
  out_w = tf1.get_variable("out_w", initializer=tf.constant(OUT_W))
  bias = tf1.get_variable("b", initializer=tf.constant(DISC_B))
  return tf.matmul(tf.matmul(tf.concat([x, z], 1), hidden_w), out_w) + bias


def u_variable(kernel="hidden_w"):
  return [v for v in tf1.global_variables()
          if v.name == "Disc/{}/spectral_norm_u:0".format(kernel)][0]


def build_normalized_bigan(**kwargs):
  inference, x_ph, z_ph, _, _ = build_linear_bigan()
  inference.discriminator = two_layer_discriminator
  inference.initialize(n_print=0, spectral_norm=True, **kwargs)
  tf1.global_variables_initializer().run()
  return inference, {x_ph: X_DATA, z_ph: Z_DATA}


def numpy_disc_loss(hidden_w, out_w, vectors):
  """The discriminator's BiGAN loss with the kernels divided by v W u^T.

  `vectors` holds each kernel's (v, u_new), kept constant as in the
  gradient.
  """
  (v1, u1), (v2, u2) = vectors
  hidden = hidden_w / (v1 @ hidden_w @ u1.T).item()
  out = out_w / (v2 @ out_w @ u2.T).item()
  x, z = X_DATA.astype(np.float64), Z_DATA.astype(np.float64)
  d_data_pair = np.concatenate([x, x @ ENC_W], 1) @ hidden @ out + DISC_B
  d_model_pair = np.concatenate([z @ GEN_W, z], 1) @ hidden @ out + DISC_B
  loss_d = np.mean(np_softplus(-d_model_pair) + np_softplus(d_data_pair))
  loss = np.mean(np_softplus(d_model_pair) + np_softplus(-d_data_pair))
  return loss, loss_d


def power_vectors(kernel, u):
  v = normalize(u @ kernel.T)
  return v, normalize(v @ kernel)


def test_a_bigan_step_uses_the_normalized_kernels_then_stores_u(sess):
  lr = 0.5
  inference, feeds = build_normalized_bigan(
      optimizer_d=tf1.train.GradientDescentOptimizer(lr))
  kernels = [HIDDEN_W.astype(np.float64), OUT_W.astype(np.float64)]
  vectors = [power_vectors(kernel, sess.run(u_variable(name)).astype(
      np.float64)) for kernel, name in zip(kernels, ["hidden_w", "out_w"])]
  info = inference.update(feeds)
  loss, loss_d = numpy_disc_loss(kernels[0], kernels[1], vectors)
  np.testing.assert_allclose(info["loss"], loss, rtol=1e-5)
  np.testing.assert_allclose(info["loss_d"], loss_d, rtol=1e-5)
  # One power iteration per discriminator update, from the kernel the
  # step started with.
  np.testing.assert_allclose(sess.run(u_variable()), vectors[0][1],
                             rtol=1e-5)
  # The gradient holds u and v constant: sigma(W) = v W u_new^T.
  hidden_w = [v for v in tf1.global_variables()
              if v.name == "Disc/hidden_w:0"][0]
  gradient = numeric_gradient(
      lambda h, o: numpy_disc_loss(h, o, vectors)[1], kernels, 0)
  np.testing.assert_allclose(sess.run(hidden_w), HIDDEN_W - lr * gradient,
                             atol=1e-5)


def test_u_moves_with_discriminator_updates_only(sess):
  inference, feeds = build_normalized_bigan()
  u0 = sess.run(u_variable())
  inference.update(feeds, variables="Gen")
  np.testing.assert_array_equal(sess.run(u_variable()), u0)
  # Running the networks does not move it either.
  inference.networks.discriminate(X_DATA, X_DATA @ ENC_W)
  np.testing.assert_array_equal(sess.run(u_variable()), u0)
  inference.update(feeds, variables="Disc")
  u1 = sess.run(u_variable())
  assert not np.allclose(u1, u0)
  inference.update(feeds)
  assert not np.allclose(sess.run(u_variable()), u1)


def test_every_discriminator_is_normalized_and_tf_layers_work(sess):
  x_ph = tf1.placeholder(tf.float32, [None, 3])
  z_ph = tf1.placeholder(tf.float32, [None, 2])
  with tf1.variable_scope("Gen"):
    xf = tf1.layers.dense(z_ph, 3)
    zf = tf1.layers.dense(x_ph, 2)

  def layered(x, z):
    hidden = tf1.layers.dense(tf.concat([x, z], 1), 4, tf.nn.relu)
    return tf1.layers.dense(hidden, 1)

  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, layered)
  inference.initialize(n_print=0, spectral_norm=True, alad=True)
  assert inference._spectral_norm.kernels == [  # pylint: disable=protected-access
      "Disc/dense/kernel", "Disc/dense_1/kernel", "Disc_xx/hidden/kernel",
      "Disc_xx/logit/kernel", "Disc_zz/hidden/kernel", "Disc_zz/logit/kernel"]
  # The u vectors are not trained.
  assert not any("spectral_norm_u" in v.name
                 for _, v in inference.grads_and_vars_d)


def test_a_discriminator_without_kernels_is_refused(sess):
  inference, _, _, _, _ = build_linear_bigan()

  def elementwise(x, z):
    scale = tf1.get_variable("scale", initializer=tf.constant(1.0))
    return scale * (tf.reduce_sum(x, 1, keepdims=True) +
                    tf.reduce_sum(z, 1, keepdims=True))

  inference.discriminator = elementwise
  with pytest.raises(ValueError, match="spectral_norm found no kernel"):
    inference.initialize(n_print=0, spectral_norm=True)
  # Refused whole: the same object then builds without the option.
  inference.discriminator = discriminator
  inference.initialize(n_print=0)
  assert sorted(v.name for _, v in inference.grads_and_vars_d) == [
      "Disc/b:0", "Disc/w:0"]
