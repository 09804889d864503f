"""inference.networks: the BiGAN's networks on arrays, against sess.run."""

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from tests.inferences.bigan.test_alad import (
    XX_B, XX_W, ZZ_B, ZZ_W, discriminator_xx, discriminator_zz)
from tests.inferences.test_bigan_inference import (
    DISC_B, DISC_W, DX, DZ, ENC_W, GEN_W, X_DATA, Z_DATA, build_linear_bigan)

RNG = np.random.RandomState(8)
X_MANY = RNG.randn(12, DX).astype(np.float32)
Z_MANY = RNG.randn(12, DZ).astype(np.float32)


def build_mlp_bigan(batch=None):
  x_ph = tf1.placeholder(tf.float32, [batch, DX])
  z_ph = tf1.placeholder(tf.float32, [batch, DZ])
  with tf1.variable_scope("Gen"):
    xf = tf1.layers.dense(tf1.layers.dense(z_ph, 8, tf.nn.relu), DX)
    zf = tf1.layers.dense(tf1.layers.dense(x_ph, 8, tf.nn.relu), DZ)

  def discriminator(x, z):
    hidden = tf1.layers.dense(tf.concat([x, z], 1), 6, tf.nn.leaky_relu)
    return tf1.layers.dense(hidden, 1)

  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  return inference, x_ph, z_ph, xf, zf


def test_encode_generate_reconstruct_are_the_tensors_numbers(sess):
  inference, x_ph, z_ph, xf, zf = build_mlp_bigan()
  networks = inference.networks
  codes = sess.run(zf, {x_ph: X_MANY})
  np.testing.assert_array_equal(networks.encode(X_MANY), codes)
  np.testing.assert_array_equal(networks.generate(Z_MANY),
                                sess.run(xf, {z_ph: Z_MANY}))
  np.testing.assert_array_equal(networks.reconstruct(X_MANY),
                                sess.run(xf, {z_ph: codes}))
  assert not networks.averaged and networks.discriminator_names == ("xz",)


def test_discriminate_and_features_are_the_discriminators_numbers(sess):
  inference, x_ph, _, _, zf = build_mlp_bigan()
  networks = inference.networks
  codes = sess.run(zf, {x_ph: X_MANY})
  # The inference's own first application: the data pair (x, E(x)).
  logits = sess.graph.get_tensor_by_name("Disc/dense_1/BiasAdd:0")
  features = sess.graph.get_tensor_by_name("Disc/dense/LeakyRelu:0")
  expected_logits, expected_features = sess.run([logits, features],
                                                {x_ph: X_MANY})
  np.testing.assert_allclose(networks.discriminate(X_MANY, codes),
                             expected_logits[:, 0], rtol=1e-6)
  np.testing.assert_allclose(networks.discriminator_features(X_MANY, codes),
                             expected_features, rtol=1e-6)


def test_ops_are_built_once(sess):
  inference, _, _, _, _ = build_mlp_bigan()
  networks = inference.networks
  n_ops = len(sess.graph.get_operations())
  networks.encode(X_MANY)
  networks.reconstruct(X_MANY)
  assert len(sess.graph.get_operations()) == n_ops  # tensors of its own
  networks.discriminate(X_MANY, Z_MANY)
  n_after_first = len(sess.graph.get_operations())
  assert n_after_first > n_ops  # one more application of D
  for _ in range(2):
    networks.discriminate(X_MANY[:3], Z_MANY[:3])
    networks.discriminator_features(X_MANY, Z_MANY)
  assert len(sess.graph.get_operations()) == n_after_first


def test_fixed_batch_placeholders_are_fed_batch_by_batch(sess):
  inference, x_ph, z_ph, xf, zf = build_mlp_bigan(batch=5)
  codes = np.concatenate([sess.run(zf, {x_ph: X_MANY[i:i + 5]})
                          for i in (0, 5)] +
                         [sess.run(zf, {x_ph: X_MANY[7:12]})[3:]])
  np.testing.assert_allclose(inference.networks.encode(X_MANY), codes,
                             rtol=1e-6)
  np.testing.assert_allclose(inference.networks.generate(Z_MANY[:2]),
                             sess.run(xf, {z_ph: Z_MANY[:5]})[:2], rtol=1e-6)


def test_the_alad_discriminators_by_hand(sess):
  inference, _, _, _, _ = build_linear_bigan()
  inference.initialize(n_print=0, alad=True,
                       discriminator_xx=discriminator_xx,
                       discriminator_zz=discriminator_zz)
  tf1.global_variables_initializer().run()
  networks = inference.networks
  assert networks.discriminator_names == ("xz", "xx", "zz")
  x, z = X_DATA.astype(np.float64), Z_DATA.astype(np.float64)
  x2 = x[::-1]
  np.testing.assert_allclose(
      networks.discriminate(X_DATA, X_DATA[::-1], which="xx"),
      np.concatenate([x, x2], 1) @ XX_W[:, 0] + XX_B, rtol=1e-5)
  np.testing.assert_allclose(
      networks.discriminate(Z_DATA, Z_DATA, which="zz"),
      np.concatenate([z, z], 1) @ ZZ_W[:, 0] + ZZ_B, rtol=1e-5)
  np.testing.assert_allclose(
      networks.discriminate(X_DATA, Z_DATA),
      np.concatenate([x, z], 1) @ DISC_W[:, 0] + DISC_B, rtol=1e-5)
  # A linear discriminator's features are the pair itself.
  np.testing.assert_allclose(
      networks.discriminator_features(X_DATA, X_DATA[::-1], which="xx"),
      np.concatenate([x, x2], 1), rtol=1e-6)
  np.testing.assert_allclose(networks.reconstruct(X_DATA),
                             x @ ENC_W @ GEN_W, rtol=1e-5)


def test_bad_arguments_are_refused_by_name(sess):
  inference, _, _, _, _ = build_mlp_bigan()
  networks = inference.networks
  with pytest.raises(ValueError, match="which must be one of 'xz'; got 'xx'"):
    networks.discriminate(X_MANY, Z_MANY, which="xx")
  with pytest.raises(TypeError, match="ema must be True, False or None; got "
                     "'yes'"):
    networks.encode(X_MANY, ema="yes")
  with pytest.raises(ValueError, match=r"x must hold rows of shape \(3,\); "
                     r"got shape \(2, 4\)"):
    networks.encode(np.zeros((2, 4)))
  with pytest.raises(ValueError, match=r"z must hold rows of shape \(2,\)"):
    networks.generate(np.zeros((2, 3)))
  with pytest.raises(ValueError, match="x and z must hold as many rows; got 12 "
                     "and 3"):
    networks.discriminate(X_MANY, Z_MANY[:3])
  with pytest.raises(TypeError, match="x must be an array of numbers; got "
                     "str"):
    networks.encode("rows")
  with pytest.raises(TypeError, match="feed_dict must be a dict or None"):
    networks.encode(X_MANY, feed_dict=[1])
  with tf1.Graph().as_default():
    with pytest.raises(ValueError, match="the networks run in the default "
                       "session of the inference's graph"):
      networks.encode(X_MANY)


def test_discriminator_features_need_a_matrix_product(sess):
  inference, _, _, _, _ = build_linear_bigan()

  def elementwise(x, z):
    scale = tf1.get_variable("scale", initializer=tf.constant(1.0))
    return scale * tf.reduce_sum(x, 1) + tf.reduce_sum(z, 1)

  inference.discriminator = elementwise
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  with pytest.raises(ValueError, match="the discriminator's last hidden "
                     "layer, the input of its final matrix product, was not "
                     "found"):
    inference.networks.discriminator_features(X_DATA, Z_DATA)


def test_a_second_initialize_without_alad_drops_its_discriminators(sess):
  x_ph = tf1.placeholder(tf.float32, [None, 4])
  z_ph = tf1.placeholder(tf.float32, [None, 2])
  with tf1.variable_scope("Gen"):
    xf = tf1.layers.dense(z_ph, 4)
    zf = tf1.layers.dense(x_ph, 2)
  inference = ed.BiGANInference(
      {z_ph: zf}, {xf: x_ph},
      lambda x, z: tf1.layers.dense(tf.concat([x, z], 1), 1))
  inference.initialize(alad=True, n_iter=1)
  assert inference.networks.discriminator_names == ("xz", "xx", "zz")
  inference.initialize(n_iter=1)
  assert inference.networks.discriminator_names == ("xz",)


def test_a_feed_overrides_a_placeholder_bound_in_data(sess):
  x_ph = tf1.placeholder(tf.float32, [None, 3])
  z_ph = tf1.placeholder(tf.float32, [None, 3])
  scale_ph = tf1.placeholder(tf.float32, [])
  with tf1.variable_scope("Gen"):
    xf = tf1.layers.dense(z_ph, 3)
    zf = scale_ph * x_ph
  inference = ed.BiGANInference(
      {z_ph: zf}, {xf: x_ph, scale_ph: np.float32(2.0)},
      lambda x, z: tf1.layers.dense(tf.concat([x, z], 1), 1))
  inference.initialize(n_iter=1)
  ed.get_session().run(tf1.global_variables_initializer())
  x = np.arange(6, dtype=np.float32).reshape(2, 3)
  np.testing.assert_allclose(inference.networks.encode(x), 2.0 * x)
  np.testing.assert_allclose(
      inference.networks.encode(x, feed_dict={scale_ph: 0.5}), 0.5 * x)
