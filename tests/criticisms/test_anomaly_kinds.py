"""anomaly_score's ALAD, code-density and combined kinds, against NumPy."""

import numpy as np
import pytest

from edward_lite._tf import tf, tf1
from edward_lite.criticisms import anomaly_score
from edward_lite.criticisms._code_density import GaussianKDE
from tests.criticisms.test_anomaly import (
    DISC_B, DISC_W, DX, X, build, hidden_discriminator, linear_discriminator,
    numpy_parts, softplus)

RNG = np.random.RandomState(17)
XX_HIDDEN = RNG.randn(2 * DX, 4).astype(np.float32)   # f_xx = relu([a, b] W)
XX_OUT = RNG.randn(4, 1).astype(np.float32)           # D_xx = f_xx w
NORMAL_X = RNG.randn(20, DX).astype(np.float32)


def hidden_xx(x, x2):
  hidden_w = tf1.get_variable("w1", initializer=tf.constant(XX_HIDDEN))
  out_w = tf1.get_variable("w2", initializer=tf.constant(XX_OUT))
  features = tf.nn.relu(tf.matmul(tf.concat([x, x2], 1), hidden_w))
  return tf.matmul(features, out_w)


def build_alad(discriminator=linear_discriminator, **kwargs):
  return build(discriminator, alad=True, discriminator_xx=hidden_xx, **kwargs)


def xx_features(a, b):
  return np.maximum(np.concatenate([a, b], 1) @ XX_HIDDEN, 0.0)


def test_alad_feature_matching_by_hand(sess):
  inference = build_alad()
  _, x_rec, _ = numpy_parts(X)
  x = X.astype(np.float64)
  expected = np.abs(xx_features(x, x) - xx_features(x, x_rec)).sum(axis=1)
  np.testing.assert_allclose(
      anomaly_score(inference, X, kind="alad-feature-matching"), expected,
      rtol=1e-5)


def test_alad_cross_entropy_by_hand(sess):
  inference = build_alad()
  _, x_rec, _ = numpy_parts(X)
  x = X.astype(np.float64)
  logits = xx_features(x, x_rec) @ XX_OUT[:, 0]
  # ALAD labels matched pairs 1: CE(D_xx(x, G(E(x))), 1) = softplus(-D_xx).
  np.testing.assert_allclose(
      anomaly_score(inference, X, kind="alad-cross-entropy"),
      softplus(-logits), rtol=1e-5)


def numpy_density_score(x, normal_x, h):
  codes, _, _ = numpy_parts(x)
  normal_codes, _, _ = numpy_parts(normal_x)
  d = codes.shape[1]
  squared = np.sum((codes[:, None, :] - normal_codes[None, :, :]) ** 2, -1)
  density = np.mean(np.exp(-squared / (2 * h * h)), axis=1) / (
      2 * np.pi * h * h) ** (d / 2)
  return -np.log(density)


@pytest.mark.parametrize("bandwidth", [0.4, 1.5])
def test_code_density_by_hand(sess, bandwidth):
  inference = build(linear_discriminator)
  np.testing.assert_allclose(
      anomaly_score(inference, X, kind="code-density", normal_x=NORMAL_X,
                    bandwidth=bandwidth),
      numpy_density_score(X, NORMAL_X, bandwidth), rtol=1e-5)


def test_code_density_chooses_the_bandwidth_on_the_normal_codes(sess):
  inference = build(linear_discriminator)
  normal_codes, _, _ = numpy_parts(NORMAL_X)
  h = GaussianKDE(normal_codes).bandwidth
  np.testing.assert_allclose(
      anomaly_score(inference, X, kind="code-density", normal_x=NORMAL_X),
      numpy_density_score(X, NORMAL_X, h), rtol=1e-4)


def numpy_terms(x, normal_x, h, leave_one_out=False):
  """reconstruction, cross-entropy and code-density of the linear model."""
  codes, _, residual = numpy_parts(x)
  logits = np.concatenate([x.astype(np.float64), codes], 1) @ DISC_W[:, 0]
  cross_entropy = softplus(logits + DISC_B)
  if leave_one_out:
    density = np.array([
        numpy_density_score(x[i:i + 1], np.delete(normal_x, i, axis=0), h)[0]
        for i in range(len(x))])
  else:
    density = numpy_density_score(x, normal_x, h)
  return [residual, cross_entropy, density]


def test_combined_standardizes_each_term_on_normal_data(sess):
  inference = build(linear_discriminator)
  h = 0.8
  scores = anomaly_score(inference, X, kind="combined", normal_x=NORMAL_X,
                         bandwidth=h)
  test_terms = numpy_terms(X, NORMAL_X, h)
  # On normal_x the density is leave-one-out: no code explains itself.
  normal_terms = numpy_terms(NORMAL_X, NORMAL_X, h, leave_one_out=True)
  expected = 0.0
  for value, normal in zip(test_terms, normal_terms):
    q25, median, q75 = np.percentile(normal, [25, 50, 75])
    expected = expected + (value - median) / (q75 - q25)
  np.testing.assert_allclose(scores, expected / 3, rtol=1e-4)


def test_combined_terms_can_be_chosen(sess):
  inference = build_alad(discriminator=hidden_discriminator)
  _, x_rec, residual = numpy_parts(X)
  _, normal_rec, normal_residual = numpy_parts(NORMAL_X)
  x, normal = X.astype(np.float64), NORMAL_X.astype(np.float64)
  matching = np.abs(xx_features(x, x) - xx_features(x, x_rec)).sum(axis=1)
  normal_matching = np.abs(xx_features(normal, normal) -
                           xx_features(normal, normal_rec)).sum(axis=1)
  expected = 0.0
  for value, on_normal in ((residual, normal_residual),
                           (matching, normal_matching)):
    q25, median, q75 = np.percentile(on_normal, [25, 50, 75])
    expected = expected + (value - median) / (q75 - q25)
  scores = anomaly_score(inference, X, kind="combined", normal_x=NORMAL_X,
                         terms=["reconstruction", "alad-feature-matching"])
  np.testing.assert_allclose(scores, expected / 2, rtol=1e-4)


def test_the_averaged_networks_score_by_default(sess):
  inference = build(linear_discriminator, ema_decay=0.5,
                    optimizer=tf1.train.GradientDescentOptimizer(0.5))
  (_, x_ph), = inference.data.items()
  (z_ph, _), = inference.latent_vars.items()
  for _ in range(2):
    inference.update({x_ph: X, z_ph: RNG.randn(len(X), 2)})
  names = {v.name: v for v in tf1.global_variables()}
  s_gen = sess.run(names["Gen/gen_w/ExponentialMovingAverage:0"])
  s_enc = sess.run(names["Gen/enc_w/ExponentialMovingAverage:0"])
  gen_w, enc_w = sess.run([names["Gen/gen_w:0"], names["Gen/enc_w:0"]])
  x = X.astype(np.float64)
  averaged = np.abs(x - x @ s_enc @ s_gen).sum(axis=1)
  current = np.abs(x - x @ enc_w @ gen_w).sum(axis=1)
  np.testing.assert_allclose(anomaly_score(inference, X, alpha=1.0),
                             averaged, rtol=1e-5)
  np.testing.assert_allclose(anomaly_score(inference, X, alpha=1.0,
                                           ema=False), current, rtol=1e-5)
  assert not np.allclose(averaged, current)


@pytest.mark.parametrize("kwargs,error,message", [
    ({"kind": "alad-feature-matching"}, ValueError,
     "kind='alad-feature-matching' needs ALAD's discriminator D_xx: "
     "initialize the inference with alad=True."),
    ({"kind": "code-density"}, ValueError,
     "normal_x is needed by kind='code-density' and kind='combined', and used "
     "by no other kind; got kind='code-density' and normal_x None."),
    ({"normal_x": NORMAL_X}, ValueError,
     "normal_x is needed by kind='code-density' and kind='combined', and used "
     "by no other kind; got kind='cross-entropy' and normal_x given."),
    ({"kind": "combined", "normal_x": NORMAL_X, "terms": ["l1"]}, ValueError,
     "terms must be drawn from 'reconstruction', "),
    ({"kind": "combined", "normal_x": NORMAL_X, "terms": "reconstruction"},
     TypeError, "terms must be a sequence of str; got 'reconstruction'."),
    ({"kind": "combined", "normal_x": NORMAL_X, "terms": []}, ValueError,
     "terms must name at least one term."),
    ({"kind": "combined", "normal_x": NORMAL_X,
      "terms": ["alad-cross-entropy"]}, ValueError,
     "the term 'alad-cross-entropy' needs ALAD's discriminator D_xx"),
    ({"terms": ["reconstruction"]}, ValueError,
     "terms is for kind='combined'; got kind='cross-entropy'."),
    ({"kind": "code-density", "normal_x": NORMAL_X, "bandwidth": 0.0},
     ValueError, "bandwidth must be a finite number > 0; got 0.0"),
    ({"ema": True}, ValueError, "ema=True needs a moving average of the "
     "weights"),
])
def test_bad_arguments_are_refused_by_name(sess, kwargs, error, message):
  inference = build(linear_discriminator)
  with pytest.raises(error, match=message.replace("(", r"\(").replace(
      ")", r"\)").replace("[", r"\[")):
    anomaly_score(inference, X, **kwargs)


def test_a_term_that_does_not_vary_on_normal_data_is_refused(sess):
  inference = build(linear_discriminator)
  same = np.repeat(NORMAL_X[:1], 8, axis=0)
  with pytest.raises(ValueError, match="the term 'reconstruction' does not "
                     "vary over normal_x"):
    anomaly_score(inference, X, kind="combined", normal_x=same,
                  terms=["reconstruction"], bandwidth=1.0)


def test_combined_fits_no_code_density_that_its_terms_leave_out(sess):
  # Four rows are too few to choose a bandwidth (every fifth is held
  # out), so fitting the density would raise; reconstruction alone
  # must still score, standardized on these four rows.
  inference = build(linear_discriminator)
  few = NORMAL_X[:4]
  with pytest.raises(ValueError, match="normal_x must hold at least 5 rows"):
    anomaly_score(inference, X, kind="combined", normal_x=few)
  _, _, residual = numpy_parts(X)
  _, _, normal_residual = numpy_parts(few)
  q25, median, q75 = np.percentile(normal_residual, [25, 50, 75])
  np.testing.assert_allclose(
      anomaly_score(inference, X, kind="combined", normal_x=few,
                    terms=["reconstruction"]),
      (residual - median) / (q75 - q25), rtol=1e-5)
