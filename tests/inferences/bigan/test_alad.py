"""BiGANInference's ALAD option: the cycle discriminators D_xx and D_zz."""

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.inferences._bigan import alad
from tests.inferences.linear_models import (
    linear_pair_discriminator, np_softplus, numeric_gradient)
from tests.inferences.test_bigan_inference import (
    DISC_B, DISC_W, DX, DZ, ENC_W, GEN_W, X_DATA, Z_DATA, build_linear_bigan,
    numpy_bigan)

RNG = np.random.RandomState(21)
XX_W = RNG.randn(2 * DX, 1).astype(np.float32) * 0.5
XX_B = np.array([-0.3], np.float32)
ZZ_W = RNG.randn(2 * DZ, 1).astype(np.float32) * 0.5
ZZ_B = np.array([0.2], np.float32)


def discriminator_xx(x, x2):
  return linear_pair_discriminator(x, x2, XX_W, XX_B)


def discriminator_zz(z, z2):
  return linear_pair_discriminator(z, z2, ZZ_W, ZZ_B)


def numpy_alad(gen_w, enc_w, disc_w, disc_b, xx_w, xx_b, zz_w, zz_b):
  """BiGAN plus ALAD's cycle terms of the linear model, in float64."""
  loss, loss_d = numpy_bigan(gen_w, enc_w, disc_w, disc_b)
  x, z = X_DATA.astype(np.float64), Z_DATA.astype(np.float64)
  x_rec = x @ enc_w @ gen_w         # G(E(x))
  z_cycled = z @ gen_w @ enc_w      # E(G(z))
  for first, matched, cycled, w, b in ((x, x, x_rec, xx_w, xx_b),
                                       (z, z, z_cycled, zz_w, zz_b)):
    d_matched = np.concatenate([first, matched], 1) @ w + b
    d_cycled = np.concatenate([first, cycled], 1) @ w + b
    # D labels the matched pair 1, the cycled pair 0; E and G the opposite.
    loss_d += np.mean(np_softplus(-d_matched) + np_softplus(d_cycled))
    loss += np.mean(np_softplus(d_matched) + np_softplus(-d_cycled))
  return loss, loss_d


PARAMS = [GEN_W, ENC_W, DISC_W, DISC_B, XX_W, XX_B, ZZ_W, ZZ_B]


def build_alad(sess, **kwargs):
  inference, x_ph, z_ph, gen_w, enc_w = build_linear_bigan()
  inference.initialize(n_print=0, alad=True,
                       discriminator_xx=discriminator_xx,
                       discriminator_zz=discriminator_zz, **kwargs)
  tf1.global_variables_initializer().run()
  return inference, {x_ph: X_DATA, z_ph: Z_DATA}, gen_w, enc_w


def variable(name):
  return [v for v in tf1.global_variables() if v.name == name][0]


@pytest.mark.parametrize("lean", [False, True], ids=["edward", "lean"])
def test_losses_add_the_cycle_terms(sess, lean):
  inference, feeds, _, _ = build_alad(sess, lean_gradients=lean)
  info = inference.update(feeds)
  loss, loss_d = numpy_alad(*PARAMS)
  np.testing.assert_allclose(info["loss"], loss, rtol=1e-5)
  np.testing.assert_allclose(info["loss_d"], loss_d, rtol=1e-5)


def test_one_step_descends_both_objectives_with_the_cycle_terms(sess):
  lr = 0.3
  inference, feeds, gen_w, enc_w = build_alad(
      sess, optimizer="gradientdescent",
      optimizer_d=tf1.train.GradientDescentOptimizer(lr))
  inference.update(feeds)
  gen_loss = lambda *p: numpy_alad(*p)[0]
  disc_loss = lambda *p: numpy_alad(*p)[1]
  # E and G at Edward's fixed 0.01; every discriminator at lr.
  np.testing.assert_allclose(
      sess.run(gen_w), GEN_W - 0.01 * numeric_gradient(gen_loss, PARAMS, 0),
      atol=1e-5)
  np.testing.assert_allclose(
      sess.run(enc_w), ENC_W - 0.01 * numeric_gradient(gen_loss, PARAMS, 1),
      atol=1e-5)
  for index, name in ((2, "Disc/w:0"), (4, "Disc_xx/w:0"),
                      (5, "Disc_xx/b:0"), (6, "Disc_zz/w:0")):
    np.testing.assert_allclose(
        sess.run(variable(name)),
        PARAMS[index] - lr * numeric_gradient(disc_loss, PARAMS, index),
        atol=1e-5)


def test_the_cycle_discriminators_train_with_the_discriminator(sess):
  inference, _, _, _ = build_alad(sess)
  assert sorted(v.name for _, v in inference.grads_and_vars_d) == [
      "Disc/b:0", "Disc/w:0", "Disc_xx/b:0", "Disc_xx/w:0", "Disc_zz/b:0",
      "Disc_zz/w:0"]
  assert sorted(v.name for _, v in inference.grads_and_vars) == [
      "Gen/enc_w:0", "Gen/gen_w:0"]


def test_the_cycle_discriminators_regularizers_join_the_discriminators(sess):
  l2 = lambda v: 0.1 * tf.reduce_sum(tf.square(v))

  def regularized_xx(x, x2):
    weight = tf1.get_variable("w", initializer=tf.constant(XX_W),
                              regularizer=l2)
    bias = tf1.get_variable("b", initializer=tf.constant(XX_B))
    return tf.matmul(tf.concat([x, x2], 1), weight) + bias

  inference, x_ph, z_ph, _, _ = build_linear_bigan()
  inference.initialize(n_print=0, alad=True, discriminator_xx=regularized_xx,
                       discriminator_zz=discriminator_zz)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  loss, loss_d = numpy_alad(*PARAMS)
  np.testing.assert_allclose(info["loss"], loss, rtol=1e-5)
  np.testing.assert_allclose(
      info["loss_d"], loss_d + 0.1 * np.sum(XX_W.astype(np.float64) ** 2),
      rtol=1e-5)


def test_the_default_networks_are_sized_from_the_data(sess):
  inference, x_ph, z_ph, _, _ = build_linear_bigan()
  inference.initialize(n_print=0, alad=True)
  shapes = {v.name: v.shape.as_list() for _, v in inference.grads_and_vars_d}
  # The pair (x, x') has 2 * DX = 6 columns, below the floor of 32 units.
  assert shapes["Disc_xx/hidden/kernel:0"] == [2 * DX, 32]
  assert shapes["Disc_xx/logit/kernel:0"] == [32, 1]
  assert shapes["Disc_zz/hidden/kernel:0"] == [2 * DZ, 32]
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  assert np.isfinite(info["loss"]) and np.isfinite(info["loss_d"])


@pytest.mark.parametrize("width,units", [(3, 32), (40, 80), (500, 256)])
def test_the_default_network_by_hand(sess, width, units):
  rng = np.random.RandomState(width)
  first = rng.randn(4, width).astype(np.float32)
  second = rng.randn(4, 1, width).astype(np.float32)  # flattened to rows
  with tf1.variable_scope("d"):
    logits = alad.default_pair_discriminator(tf.constant(first),
                                              tf.constant(second))
  tf1.global_variables_initializer().run()
  values = {v.name: sess.run(v) for v in tf1.global_variables()}
  assert values["d/hidden/kernel:0"].shape == (2 * width, units)
  hidden = (np.concatenate([first, second[:, 0]], 1) @
            values["d/hidden/kernel:0"] + values["d/hidden/bias:0"])
  hidden = np.where(hidden > 0, hidden, 0.2 * hidden)
  expected = hidden @ values["d/logit/kernel:0"] + values["d/logit/bias:0"]
  np.testing.assert_allclose(sess.run(logits), expected, rtol=1e-4,
                             atol=1e-5)


def test_a_second_bigan_gets_cycle_scopes_of_its_own(sess):
  first = build_linear_bigan()
  first[0].initialize(n_print=0, alad=True)
  with tf1.variable_scope("other"):
    second = build_linear_bigan()
    second[0].initialize(n_print=0, alad=True)
  names = sorted(v.name for _, v in second[0].grads_and_vars_d)
  assert names[0].startswith("other/Disc/")
  assert {name.split("/")[1] for name in names} == {
      "Disc", "Disc_xx", "Disc_zz"}


@pytest.mark.parametrize("kwargs,error,message", [
    ({"alad": 1}, TypeError, "alad must be a bool; got 1"),
    ({"discriminator_xx": discriminator_xx}, ValueError,
     "discriminator_xx is one of ALAD's discriminators: pass alad=True with "
     "it."),
    ({"alad": True, "discriminator_zz": "dense"}, TypeError,
     "discriminator_zz must be a callable function or None; got str"),
])
def test_bad_options_are_refused_before_any_op(sess, kwargs, error, message):
  inference, _, _, _, _ = build_linear_bigan()
  before = [op.name for op in sess.graph.get_operations()]
  with pytest.raises(error, match=message):
    inference.initialize(n_print=0, **kwargs)
  assert [op.name for op in sess.graph.get_operations()] == before


def test_an_encoder_that_ignores_the_data_is_refused(sess):
  x_ph = tf1.placeholder(tf.float32, [5, DX])
  z_ph = tf1.placeholder(tf.float32, [5, DZ])
  with tf1.variable_scope("Gen"):
    xf = tf1.layers.dense(z_ph, DX)
    zf = tf.tile(tf1.get_variable("code", initializer=tf.zeros([1, DZ])),
                 [5, 1])
  inference = ed.BiGANInference(
      {z_ph: zf}, {xf: x_ph},
      lambda x, z: tf1.layers.dense(tf.concat([x, z], 1), 1))
  before = [op.name for op in sess.graph.get_operations()]
  with pytest.raises(ValueError, match="alad needs the encoder's output "
                     "Gen/Tile:0 to depend on the observed data "
                     "Placeholder:0"):
    inference.initialize(n_print=0, alad=True)
  assert [op.name for op in sess.graph.get_operations()] == before


def test_strategy_is_refused_with_alad_but_not_for_the_moving_average(sess):
  inference, _, _, _, _ = build_linear_bigan()
  # ema_decay trains under a strategy (tests/distribute/test_mirrored.py).
  with pytest.raises(ValueError, match="^alad cannot be combined with "
                     "strategy yet: edward_lite has not tested"):
    inference.initialize(n_print=0, alad=True, ema_decay=0.9,
                         strategy=object())
