"""BiGANInference: Edward's BiGAN objective, scopes, example and errors."""

import re
import warnings

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.models import Normal
from tests.inferences.linear_models import (
    linear_pair_discriminator, np_softplus, numeric_gradient)

N, DX, DZ = 5, 3, 2
RNG = np.random.RandomState(3)
X_DATA = RNG.randn(N, DX).astype(np.float32)
Z_DATA = RNG.randn(N, DZ).astype(np.float32)
GEN_W = RNG.randn(DZ, DX).astype(np.float32) * 0.5   # G(z) = z GEN_W
ENC_W = RNG.randn(DX, DZ).astype(np.float32) * 0.5   # E(x) = x ENC_W
DISC_W = RNG.randn(DX + DZ, 1).astype(np.float32) * 0.5
DISC_B = np.array([0.1], np.float32)


def discriminator(x, z):
  return linear_pair_discriminator(x, z, DISC_W, DISC_B)


def linear_bigan_tensors(scope="Gen"):
  """(x_ph, z_ph, xf, zf, gen_w, enc_w): G(z) = z GEN_W, E(x) = x ENC_W."""
  x_ph = tf1.placeholder(tf.float32, [N, DX], name="x_ph")
  z_ph = tf1.placeholder(tf.float32, [N, DZ], name="z_ph")
  with tf1.variable_scope(scope):
    gen_w = tf1.get_variable("gen_w", initializer=tf.constant(GEN_W))
    enc_w = tf1.get_variable("enc_w", initializer=tf.constant(ENC_W))
    xf = tf.matmul(z_ph, gen_w, name="xf")
    zf = tf.matmul(x_ph, enc_w, name="zf")
  return x_ph, z_ph, xf, zf, gen_w, enc_w


def build_linear_bigan(scope="Gen"):
  x_ph, z_ph, xf, zf, gen_w, enc_w = linear_bigan_tensors(scope)
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)
  return inference, x_ph, z_ph, gen_w, enc_w


def assert_first_losses_are_edwards(inference, x_ph, z_ph):
  """One update from the fixed weights reports Edward's two losses."""
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  loss, loss_d = numpy_bigan(GEN_W, ENC_W, DISC_W, DISC_B)
  np.testing.assert_allclose(info["loss"], loss, rtol=1e-5)
  np.testing.assert_allclose(info["loss_d"], loss_d, rtol=1e-5)


def numpy_bigan(gen_w, enc_w, disc_w, disc_b):
  """Edward's BiGAN losses in float64."""
  x, z = X_DATA.astype(np.float64), Z_DATA.astype(np.float64)
  d_data_pair = np.concatenate([x, x @ enc_w], 1) @ disc_w + disc_b
  d_model_pair = np.concatenate([z @ gen_w, z], 1) @ disc_w + disc_b
  loss_d = np.mean(np_softplus(-d_model_pair) + np_softplus(d_data_pair))
  loss = np.mean(np_softplus(d_model_pair) + np_softplus(-d_data_pair))
  return loss, loss_d


def test_losses_equal_edwards_formula(sess):
  inference, x_ph, z_ph, _, _ = build_linear_bigan()
  assert_first_losses_are_edwards(inference, x_ph, z_ph)


def test_one_update_is_a_gradient_descent_step_on_each_objective(sess):
  inference, x_ph, z_ph, gen_w, enc_w = build_linear_bigan()
  lr = 0.3
  inference.initialize(optimizer="gradientdescent",
                       optimizer_d=tf1.train.GradientDescentOptimizer(lr),
                       global_step=None, n_print=0)
  tf1.global_variables_initializer().run()
  inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  params = [GEN_W, ENC_W, DISC_W, DISC_B]
  gen_loss = lambda *p: numpy_bigan(*p)[0]
  disc_loss = lambda *p: numpy_bigan(*p)[1]
  # A named optimizer without a global step runs at Edward's fixed 0.01.
  expected_gen_w = GEN_W - 0.01 * numeric_gradient(gen_loss, params, 0)
  expected_enc_w = ENC_W - 0.01 * numeric_gradient(gen_loss, params, 1)
  expected_disc_w = DISC_W - lr * numeric_gradient(disc_loss, params, 2)
  disc_w = [v for v in tf1.global_variables() if v.name == "Disc/w:0"][0]
  np.testing.assert_allclose(sess.run(gen_w), expected_gen_w, atol=1e-5)
  np.testing.assert_allclose(sess.run(enc_w), expected_enc_w, atol=1e-5)
  np.testing.assert_allclose(sess.run(disc_w), expected_disc_w, atol=1e-5)


# Discriminator outputs of every shape Edward 1.3.5 trained with: one
# logit per pair as [N] or [N, 1], and K per pair, [N, K].
DISC_W_WIDE = np.random.RandomState(4).randn(DX + DZ, 3).astype(
    np.float32) * 0.5
DISC_B_WIDE = np.array([0.1, -0.2, 0.3], np.float32)


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "edward"])
@pytest.mark.parametrize("shape", ["N", "N,1", "N,K"])
def test_logits_of_every_shape_edward_took_train_with_its_losses(
    sess, shape, lean):
  x_ph, z_ph, xf, zf, gen_w, enc_w = linear_bigan_tensors()
  disc_w, disc_b = ((DISC_W_WIDE, DISC_B_WIDE) if shape == "N,K" else
                    (DISC_W, DISC_B))

  def shaped_discriminator(x, z):
    logits = linear_pair_discriminator(x, z, disc_w, disc_b)
    return tf.squeeze(logits, 1) if shape == "N" else logits
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, shaped_discriminator)
  lr = 0.3
  inference.initialize(optimizer=tf1.train.GradientDescentOptimizer(lr),
                       optimizer_d=tf1.train.GradientDescentOptimizer(lr),
                       lean_gradients=lean, n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  # numpy_bigan averages every element of its [N, 1] or [N, K] logits:
  # Edward's reduce_mean, which gives [N] the same mean as [N, 1].
  params = [GEN_W, ENC_W, disc_w, disc_b]
  np.testing.assert_allclose([info["loss"], info["loss_d"]],
                             numpy_bigan(*params), rtol=1e-5)
  gen_loss = lambda *p: numpy_bigan(*p)[0]
  disc_loss = lambda *p: numpy_bigan(*p)[1]
  disc = {v.name: v for v in tf1.global_variables()
          if v.name.startswith("Disc/")}
  np.testing.assert_allclose(
      sess.run(gen_w), GEN_W - lr * numeric_gradient(gen_loss, params, 0),
      atol=1e-5)
  np.testing.assert_allclose(
      sess.run(enc_w), ENC_W - lr * numeric_gradient(gen_loss, params, 1),
      atol=1e-5)
  np.testing.assert_allclose(
      sess.run(disc["Disc/w:0"]),
      disc_w - lr * numeric_gradient(disc_loss, params, 2), atol=1e-5)
  np.testing.assert_allclose(
      sess.run(disc["Disc/b:0"]),
      disc_b - lr * numeric_gradient(disc_loss, params, 3), atol=1e-5)


def test_encoder_and_generator_are_the_gen_scope(sess):
  inference, _, _, _, _ = build_linear_bigan()
  tf1.get_variable("outside", initializer=1.0)
  inference.initialize(n_print=0)
  assert sorted(v.name for _, v in inference.grads_and_vars) == [
      "Gen/enc_w:0", "Gen/gen_w:0"]
  assert sorted(v.name for _, v in inference.grads_and_vars_d) == [
      "Disc/b:0", "Disc/w:0"]


def test_an_explicit_var_list_is_honoured(sess):
  inference, x_ph, z_ph, gen_w, enc_w = build_linear_bigan()
  inference.initialize(var_list=[enc_w], n_print=0)
  tf1.global_variables_initializer().run()
  inference.update({x_ph: X_DATA, z_ph: Z_DATA}, variables="Gen")
  np.testing.assert_array_equal(sess.run(gen_w), GEN_W)
  assert not np.array_equal(sess.run(enc_w), ENC_W)


def test_regularization_is_taken_by_scope(sess):
  x_ph = tf1.placeholder(tf.float32, [N, DX])
  z_ph = tf1.placeholder(tf.float32, [N, DZ])
  l2 = lambda v: 0.1 * tf.reduce_sum(tf.square(v))
  with tf1.variable_scope("Gen"):
    gen_w = tf1.get_variable("gen_w", initializer=tf.constant(GEN_W),
                             regularizer=l2)
    enc_w = tf1.get_variable("enc_w", initializer=tf.constant(ENC_W))
    xf, zf = tf.matmul(z_ph, gen_w), tf.matmul(x_ph, enc_w)
  with tf1.variable_scope("elsewhere"):
    tf1.get_variable("v", initializer=100.0, regularizer=l2)

  def regularized_discriminator(x, z):
    weight = tf1.get_variable("w", initializer=tf.constant(DISC_W),
                              regularizer=l2)
    bias = tf1.get_variable("b", initializer=tf.constant(DISC_B))
    return tf.matmul(tf.concat([x, z], 1), weight) + bias

  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph},
                                regularized_discriminator)
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  loss, loss_d = numpy_bigan(GEN_W, ENC_W, DISC_W, DISC_B)
  # Only "Gen" regularizers join the generator's objective (not
  # "elsewhere"), only "Disc" ones the discriminator's.
  np.testing.assert_allclose(
      info["loss"], loss + 0.1 * np.sum(GEN_W.astype(np.float64) ** 2),
      rtol=1e-5)
  np.testing.assert_allclose(
      info["loss_d"], loss_d + 0.1 * np.sum(DISC_W.astype(np.float64) ** 2),
      rtol=1e-5)


def test_two_bigans_in_outer_scopes_keep_their_own_variables(sess):
  first = build_linear_bigan()
  with tf1.variable_scope("second"):
    second = build_linear_bigan()
    second[0].initialize(n_print=0)
  first[0].initialize(n_print=0)
  assert sorted(v.name for _, v in first[0].grads_and_vars) == [
      "Gen/enc_w:0", "Gen/gen_w:0"]
  assert sorted(v.name for _, v in second[0].grads_and_vars) == [
      "second/Gen/enc_w:0", "second/Gen/gen_w:0"]
  assert sorted(v.name for _, v in second[0].grads_and_vars_d) == [
      "second/Disc/b:0", "second/Disc/w:0"]
  tf1.global_variables_initializer().run()
  before = sess.run(first[3])
  second[0].update({second[1]: X_DATA, second[2]: Z_DATA})
  np.testing.assert_array_equal(sess.run(first[3]), before)
  assert sess.run(first[0].t) == 0 and sess.run(second[0].t) == 1


# The seed page's example, as written -------------------------------------------


def gen_data(z):
  return tf1.layers.dense(tf1.layers.dense(z, 8, tf.nn.relu), DX)


def gen_latent(x):
  return tf1.layers.dense(tf1.layers.dense(x, 8, tf.nn.relu), DZ)


def mlp_discriminator(x, z):
  h = tf1.layers.dense(tf.concat([x, z], 1), 8, tf.nn.relu)
  return tf1.layers.dense(h, 1)


def test_seed_page_example_runs_with_placeholders(sess):
  x_ph = tf1.placeholder(tf.float32, [N, DX])
  z_ph = tf1.placeholder(tf.float32, [N, DZ])
  with tf1.variable_scope("Gen"):
    xf = gen_data(z_ph)
    zf = gen_latent(x_ph)
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, mlp_discriminator)
  inference.initialize(n_iter=3, n_print=0)
  tf1.global_variables_initializer().run()
  infos = [inference.update({x_ph: X_DATA, z_ph: Z_DATA}) for _ in range(3)]
  assert [info["t"] for info in infos] == [1, 2, 3]
  assert len(inference.grads_and_vars) == 8  # 2 nets x 2 layers x (W, b)
  assert len(inference.grads_and_vars_d) == 4
  assert all(np.isfinite(info["loss"]) and np.isfinite(info["loss_d"])
             for info in infos)


def test_seed_page_example_runs_with_a_random_variable_prior(sess):
  x_ph = tf1.placeholder(tf.float32, [N, DX])
  z = Normal(loc=tf.zeros([N, DZ]), scale=tf.ones([N, DZ]))
  with tf1.variable_scope("Gen"):
    xf = gen_data(z)
    zf = gen_latent(x_ph)
  inference = ed.BiGANInference({z: zf}, {xf: x_ph}, mlp_discriminator)
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA})
  assert info["t"] == 1 and np.isfinite(info["loss"])


# Errors ---------------------------------------------------------------------


def test_discriminator_must_be_callable(sess):
  with pytest.raises(TypeError,
                     match=re.escape("discriminator must be a callable "
                                     "function.")):
    ed.BiGANInference({}, {}, None)


def test_latent_vars_must_be_a_dict(sess):
  x_ph = tf1.placeholder(tf.float32, [N, DX])
  with pytest.raises(TypeError,
                     match=re.escape("latent_vars must have type dict.")):
    ed.BiGANInference([x_ph], {x_ph * 2.0: x_ph}, discriminator)


def test_latent_vars_must_hold_one_pair(sess):
  z1 = tf1.placeholder(tf.float32, [N, DZ])
  z2 = tf1.placeholder(tf.float32, [N, DZ])
  x_ph = tf1.placeholder(tf.float32, [N, DX])
  with pytest.raises(ValueError, match=re.escape(
      "latent_vars must hold exactly one key-value pair for adversarial "
      "inference; got 2.")):
    ed.BiGANInference({z1: z1 * 1.0, z2: z2 * 1.0}, {x_ph * 2.0: x_ph},
                      discriminator)


def test_latent_pair_of_different_shapes_is_refused(sess):
  z_ph = tf1.placeholder(tf.float32, [N, DZ])
  x_ph = tf1.placeholder(tf.float32, [N, DX])
  with pytest.raises(TypeError, match=re.escape(
      "Key-value pair in latent_vars does not have same shape: "
      "(5, 2), (5, 3)")):
    ed.BiGANInference({z_ph: x_ph * 1.0}, {x_ph * 2.0: x_ph}, discriminator)


def test_a_reversed_latent_dict_is_turned_round_with_a_warning(sess):
  # Edward's examples/bigan.py wiring: latent_vars={E(x): z}.
  x_ph, z_ph, xf, zf, _, _ = linear_bigan_tensors()
  message = (
      "latent_vars is reversed: the generator's output Gen/xf:0 is computed "
      "from the value z_ph:0, not from the key Gen/zf:0. BiGANInference "
      "takes latent_vars={prior's z: encoder's output}; Edward's "
      "examples/bigan.py wrote {encoder's output: z}, which trains on "
      "mismatched pairs. Using {z_ph:0: Gen/zf:0}.")
  with pytest.warns(UserWarning) as record:
    inference = ed.BiGANInference({zf: z_ph}, {xf: x_ph}, discriminator)
  assert [str(w.message) for w in record] == [message]
  assert record[0].filename == __file__  # points at the caller's line
  assert list(inference.latent_vars.items()) == [(z_ph, zf)]
  # The page's pairs (x, E(x)) and (G(z), z), not Edward's example's
  # (x, z) and (G(z), E(x)).
  assert_first_losses_are_edwards(inference, x_ph, z_ph)


def test_a_reversed_dict_with_a_random_variable_prior_is_turned_round(sess):
  x_ph = tf1.placeholder(tf.float32, [N, DX])
  z = Normal(loc=tf.zeros([N, DZ]), scale=tf.ones([N, DZ]))
  with tf1.variable_scope("Gen"):
    xf = tf.matmul(z, tf.constant(GEN_W))
    zf = tf.matmul(x_ph, tf.constant(ENC_W))
  with pytest.warns(UserWarning, match="latent_vars is reversed"):
    inference = ed.BiGANInference({zf: z}, {xf: x_ph}, discriminator)
  assert list(inference.latent_vars.items()) == [(z, zf)]


def test_the_page_form_is_kept_without_a_warning(sess):
  x_ph, z_ph, xf, zf, _, _ = linear_bigan_tensors()
  with warnings.catch_warnings():
    warnings.simplefilter("error")
    inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)
  assert list(inference.latent_vars.items()) == [(z_ph, zf)]


def test_a_dict_unrelated_to_the_generator_is_kept_as_written(sess):
  # Neither side feeds G: nothing says which way round it is meant.
  x_ph = tf1.placeholder(tf.float32, [N, DX])
  a = tf1.placeholder(tf.float32, [N, DZ])
  b = tf1.placeholder(tf.float32, [N, DZ])
  xf = tf.ones([N, DX])
  with warnings.catch_warnings():
    warnings.simplefilter("error")
    inference = ed.BiGANInference({a: b}, {xf: x_ph}, discriminator)
  assert list(inference.latent_vars.items()) == [(a, b)]


# Edward 1.3.5's scope rule (issue 19, point 1) ---------------------------------


def test_a_regularizer_of_a_second_gen_block_is_in_the_objective(sess):
  # tf.get_collection(..., scope="Gen"), Edward's call, matches "Gen" as a
  # regular expression from the start of a name: a second
  # tf.variable_scope("Gen") block names its ops "Gen_1/...", and
  # Edward's objective took their regularizers.
  x_ph, z_ph, xf, zf, gen_w, _ = linear_bigan_tensors()
  with tf1.variable_scope("Gen"):
    extra = tf.multiply(0.5, tf.reduce_sum(tf.square(gen_w)), name="extra")
  tf1.add_to_collection(tf1.GraphKeys.REGULARIZATION_LOSSES, extra)
  assert extra.name == "Gen_1/extra:0"
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  loss, loss_d = numpy_bigan(GEN_W, ENC_W, DISC_W, DISC_B)
  penalty = 0.5 * np.sum(GEN_W.astype(np.float64) ** 2)
  np.testing.assert_allclose(info["loss"], loss + penalty, rtol=1e-5)
  np.testing.assert_allclose(info["loss_d"], loss_d, rtol=1e-5)


def test_gen_variables_are_selected_by_tensorflows_scope_rule(sess):
  # "Gen" matches "Generator/..." too, as tf.get_collection does.
  x_ph, z_ph, xf, zf, _, _ = linear_bigan_tensors()
  with tf1.variable_scope("Generator"):
    extra = tf1.get_variable("scale", initializer=1.0)
  inference = ed.BiGANInference({z_ph: zf * extra}, {xf: x_ph},
                                discriminator)
  inference.initialize(n_print=0)
  assert sorted(v.name for _, v in inference.grads_and_vars) == [
      "Gen/enc_w:0", "Gen/gen_w:0", "Generator/scale:0"]
