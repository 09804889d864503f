"""BiGANInference's ema_decay: moving averages against NumPy's recursion."""

import numpy as np
import pytest

from edward_lite._tf import tf1
from tests.inferences.test_bigan_inference import (
    ENC_W, GEN_W, X_DATA, Z_DATA, build_linear_bigan)

DECAY = 0.6


def shadow(name):
  return [v for v in tf1.global_variables()
          if v.name == "Gen/{}/ExponentialMovingAverage:0".format(name)][0]


def build_averaged(decay=DECAY, **kwargs):
  inference, x_ph, z_ph, gen_w, enc_w = build_linear_bigan()
  inference.initialize(n_print=0, ema_decay=decay,
                       optimizer=tf1.train.GradientDescentOptimizer(0.5),
                       **kwargs)
  tf1.global_variables_initializer().run()
  return inference, {x_ph: X_DATA, z_ph: Z_DATA}, gen_w, enc_w


def test_the_averages_follow_numpys_recursion(sess):
  inference, feeds, gen_w, enc_w = build_averaged()
  # s_0 = w_0; s_t = decay s_{t-1} + (1 - decay) w_t after each update
  # of the encoder and generator, none after a discriminator-only one.
  expected = {"gen_w": GEN_W.astype(np.float64),
              "enc_w": ENC_W.astype(np.float64)}
  for variables in [None, "Gen", "Disc", None]:
    inference.update(feeds, variables=variables)
    if variables == "Disc":
      continue
    for name, weight in (("gen_w", gen_w), ("enc_w", enc_w)):
      expected[name] = (DECAY * expected[name] +
                        (1 - DECAY) * sess.run(weight).astype(np.float64))
  for name in ("gen_w", "enc_w"):
    np.testing.assert_allclose(sess.run(shadow(name)), expected[name],
                               rtol=1e-5)
  # After three updates the average lags the weights.
  assert not np.allclose(sess.run(shadow("gen_w")), sess.run(gen_w))


def test_the_averaged_networks_read_the_averages(sess):
  inference, feeds, gen_w, enc_w = build_averaged()
  for _ in range(3):
    inference.update(feeds)
  networks = inference.networks
  s_gen = sess.run(shadow("gen_w")).astype(np.float64)
  s_enc = sess.run(shadow("enc_w")).astype(np.float64)
  x = X_DATA.astype(np.float64)
  z = Z_DATA.astype(np.float64)
  assert networks.averaged
  np.testing.assert_allclose(networks.encode(X_DATA), x @ s_enc, rtol=1e-5)
  np.testing.assert_allclose(networks.generate(Z_DATA), z @ s_gen, rtol=1e-5)
  np.testing.assert_allclose(networks.reconstruct(X_DATA), x @ s_enc @ s_gen,
                             rtol=1e-5)
  # ema=False: the weights themselves.
  np.testing.assert_allclose(networks.encode(X_DATA, ema=False),
                             x @ sess.run(enc_w), rtol=1e-5)
  np.testing.assert_allclose(networks.generate(Z_DATA, ema=False),
                             z @ sess.run(gen_w), rtol=1e-5)
  # The averaged tensors, G(E(x)) included, as the graph holds them.
  tensors = networks.averaged_tensors
  x_ph, z_ph = list(feeds)
  np.testing.assert_allclose(
      sess.run(tensors["reconstruction"], {x_ph: X_DATA}), x @ s_enc @ s_gen,
      rtol=1e-5)
  np.testing.assert_allclose(sess.run(tensors["generation"], {z_ph: Z_DATA}),
                             z @ s_gen, rtol=1e-5)


def test_the_copies_make_no_variable_and_train_nothing(sess):
  inference, _, _, _ = build_averaged()
  assert sorted(v.name for v in tf1.trainable_variables()) == [
      "Disc/b:0", "Disc/w:0", "Gen/enc_w:0", "Gen/gen_w:0"]
  assert sorted(v.name for _, v in inference.grads_and_vars) == [
      "Gen/enc_w:0", "Gen/gen_w:0"]
  assert sorted(v.name for v in tf1.moving_average_variables()) == [
      "Gen/enc_w:0", "Gen/gen_w:0"]


@pytest.mark.parametrize("decay", [None, 0, 0.0])
def test_no_average_by_default(sess, decay):
  inference, x_ph, z_ph, _, _ = build_linear_bigan()
  kwargs = {} if decay is None else {"ema_decay": decay}
  inference.initialize(n_print=0, **kwargs)
  assert not any("ExponentialMovingAverage" in v.name
                 for v in tf1.global_variables())
  assert not inference.networks.averaged
  assert inference.networks.averaged_tensors is None
  with pytest.raises(ValueError, match=r"ema=True needs a moving average of "
                     r"the weights: initialize the inference with "
                     r"ema_decay=\.\.\."):
    inference.networks.encode(X_DATA, ema=True)


@pytest.mark.parametrize("decay,error,message", [
    ("0.9", TypeError, "ema_decay must be None or a float in \\[0, 1\\); got "
     "'0.9'"),
    (True, TypeError, "ema_decay must be None or a float in \\[0, 1\\); got "
     "True"),
    (1.0, ValueError, "ema_decay must be in \\[0, 1\\); got 1.0"),
    (-0.1, ValueError, "ema_decay must be in \\[0, 1\\); got -0.1"),
    (float("nan"), ValueError, "ema_decay must be in \\[0, 1\\); got nan"),
])
def test_bad_decays_are_refused_before_any_op(sess, decay, error, message):
  inference, _, _, _, _ = build_linear_bigan()
  before = [op.name for op in sess.graph.get_operations()]
  with pytest.raises(error, match=message):
    inference.initialize(n_print=0, ema_decay=decay)
  assert [op.name for op in sess.graph.get_operations()] == before
