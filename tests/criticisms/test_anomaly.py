"""anomaly_score on linear BiGANs whose scores NumPy computes exactly."""

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.criticisms import anomaly_detection_metrics, anomaly_score

N, DX, DZ, DH = 5, 3, 2, 4
RNG = np.random.RandomState(11)
GEN_W = RNG.randn(DZ, DX).astype(np.float32) * 0.5    # G(z) = z GEN_W
ENC_W = RNG.randn(DX, DZ).astype(np.float32) * 0.5    # E(x) = x ENC_W
DISC_W = RNG.randn(DX + DZ, 1).astype(np.float32)     # D = [x, z] DISC_W + b
DISC_B = np.float32(0.3)
HIDDEN_W = RNG.randn(DX + DZ, DH).astype(np.float32)  # f = relu([x, z] W1)
OUT_W = RNG.randn(DH, 1).astype(np.float32)
X = RNG.randn(7, DX).astype(np.float32)


def linear_discriminator(x, z):
  weight = tf1.get_variable("w", initializer=tf.constant(DISC_W))
  bias = tf1.get_variable("b", initializer=tf.constant(DISC_B))
  return tf.matmul(tf.concat([x, z], 1), weight) + bias


def hidden_discriminator(x, z):
  hidden_w = tf1.get_variable("w1", initializer=tf.constant(HIDDEN_W))
  out_w = tf1.get_variable("w2", initializer=tf.constant(OUT_W))
  features = tf.nn.relu(tf.matmul(tf.concat([x, z], 1), hidden_w))
  return tf.squeeze(tf.matmul(features, out_w), 1)


def build(discriminator, batch=None, prior="placeholder", **kwargs):
  """The linear BiGAN, initialized with `kwargs`."""
  x_ph = tf1.placeholder(tf.float32, [batch, DX])
  if prior == "placeholder":
    z = tf1.placeholder(tf.float32, [batch, DZ])
  else:
    z = ed.models.Normal(loc=tf.zeros([N, DZ]), scale=tf.ones([N, DZ]))
  with tf1.variable_scope("Gen"):
    xf = tf.matmul(tf.convert_to_tensor(z),
                   tf1.get_variable("gen_w", initializer=tf.constant(GEN_W)))
    zf = tf.matmul(x_ph,
                   tf1.get_variable("enc_w", initializer=tf.constant(ENC_W)))
  inference = ed.BiGANInference({z: zf}, {xf: x_ph}, discriminator)
  inference.initialize(n_print=0, **kwargs)
  tf1.global_variables_initializer().run()
  return inference


def numpy_parts(x):
  """E(x), G(E(x)) and ||x - G(E(x))||_1 in float64."""
  x = x.astype(np.float64)
  codes = x @ ENC_W
  x_rec = codes @ GEN_W
  return codes, x_rec, np.abs(x - x_rec).sum(axis=1)


def softplus(a):
  return np.log1p(np.exp(-np.abs(a))) + np.maximum(a, 0.0)


@pytest.mark.parametrize("alpha", [0.9, 0.0, 1.0, 0.25])
def test_cross_entropy_score_by_hand(sess, alpha):
  inference = build(linear_discriminator)
  codes, _, residual = numpy_parts(X)
  # Edward labels data pairs 0: the loss on (x, E(x)) is softplus(D).
  logits = np.concatenate([X, codes], 1) @ DISC_W[:, 0] + DISC_B
  expected = alpha * residual + (1 - alpha) * softplus(logits)
  np.testing.assert_allclose(anomaly_score(inference, X, alpha=alpha),
                             expected, rtol=1e-5)


def test_feature_matching_score_by_hand(sess):
  inference = build(hidden_discriminator)
  codes, x_rec, residual = numpy_parts(X)

  def features(x, z):
    return np.maximum(np.concatenate([x, z], 1) @ HIDDEN_W, 0.0)

  matching = np.abs(features(X, codes) - features(x_rec, codes)).sum(axis=1)
  scores = anomaly_score(inference, X, alpha=0.9, kind="feature-matching")
  np.testing.assert_allclose(scores, 0.9 * residual + 0.1 * matching,
                             rtol=1e-5)


def test_feature_matching_of_a_linear_discriminator_is_the_residual(sess):
  # With no hidden layer the features are the pair [x, z] itself:
  # ||[x, E(x)] - [G(E(x)), E(x)]||_1 = ||x - G(E(x))||_1, for any alpha.
  inference = build(linear_discriminator)
  _, _, residual = numpy_parts(X)
  scores = anomaly_score(inference, X, alpha=0.3, kind="feature-matching")
  np.testing.assert_allclose(scores, residual, rtol=1e-5)


@pytest.mark.parametrize("n_rows", [1, N, 7])
def test_fixed_batch_placeholders_are_fed_batch_by_batch(sess, n_rows):
  # The placeholders hold exactly N = 5 rows: 1 and 7 rows need padding.
  inference = build(linear_discriminator, batch=N)
  x = X[:n_rows]
  codes, _, residual = numpy_parts(x)
  logits = np.concatenate([x, codes], 1) @ DISC_W[:, 0] + DISC_B
  np.testing.assert_allclose(anomaly_score(inference, x),
                             0.9 * residual + 0.1 * softplus(logits),
                             rtol=1e-5)


def test_a_random_variable_prior_is_fed_like_a_placeholder(sess):
  inference = build(linear_discriminator, prior="random variable")
  _, _, residual = numpy_parts(X)
  np.testing.assert_allclose(anomaly_score(inference, X, alpha=1.0),
                             residual, rtol=1e-5)


def test_scoring_ops_are_built_once_per_inference(sess):
  inference = build(hidden_discriminator)
  n_ops = len(sess.graph.get_operations())
  anomaly_score(inference, X)
  n_after_first = len(sess.graph.get_operations())
  assert n_after_first > n_ops  # one discriminator call on new inputs
  for kind in ("cross-entropy", "feature-matching"):
    anomaly_score(inference, X[:2], kind=kind)
  assert len(sess.graph.get_operations()) == n_after_first
  # A second inference gets its own ops, reading its own variables.
  with tf1.variable_scope("second"):
    other = build(hidden_discriminator)
  anomaly_score(other, X)
  assert len(sess.graph.get_operations()) > n_after_first


def test_feature_matching_needs_a_matrix_product(sess):

  def elementwise_discriminator(x, z):
    scale = tf1.get_variable("scale", initializer=tf.constant(1.0))
    return scale * tf.reduce_sum(x, 1) + tf.reduce_sum(z, 1)

  inference = build(elementwise_discriminator)
  with pytest.raises(ValueError, match="kind='feature-matching' needs the "
                     "discriminator's last hidden layer"):
    anomaly_score(inference, X, kind="feature-matching")


def test_bad_arguments_are_refused_by_name(sess):
  inference = build(linear_discriminator)
  with pytest.raises(ValueError, match=r"alpha must be in \[0, 1\]; got 1.5"):
    anomaly_score(inference, X, alpha=1.5)
  with pytest.raises(ValueError, match="kind must be one of 'cross-entropy', "
                     "'feature-matching', 'alad-feature-matching', "
                     "'alad-cross-entropy', 'code-density', 'combined'; got "
                     "'l2'"):
    anomaly_score(inference, X, kind="l2")
  with pytest.raises(ValueError, match=r"x must hold rows of shape \(3,\); "
                     r"got shape \(2, 4\)"):
    anomaly_score(inference, np.zeros((2, 4)))
  with pytest.raises(TypeError, match="feed_dict must be a dict or None"):
    anomaly_score(inference, X, feed_dict=[1])
  with pytest.raises(TypeError, match="inference must be a BiGANInference; "
                     "got str"):
    anomaly_score("inference", X)


def test_scoring_outside_the_inferences_graph_is_refused(sess):
  inference = build(linear_discriminator)
  with tf1.Graph().as_default():
    with pytest.raises(ValueError, match="anomaly_score runs in the default "
                       "session of the inference's graph"):
      anomaly_score(inference, X)


def test_an_uninitialized_inference_is_refused(sess):
  x_ph = tf1.placeholder(tf.float32, [None, DX])
  z_ph = tf1.placeholder(tf.float32, [None, DZ])
  with tf1.variable_scope("Gen"):
    xf = tf1.layers.dense(z_ph, DX)
    zf = tf1.layers.dense(x_ph, DZ)
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, linear_discriminator)
  with pytest.raises(ValueError, match=r"inference must be initialized \(call "
                     r"initialize\(\) or run\(\)\) before it is scored"):
    anomaly_score(inference, X)


def test_detection_metrics_by_hand():
  # Anomalies scored 0.35 and 0.8, normal examples 0.1 and 0.4: of the
  # four (anomaly, normal) pairs, three are ordered right: AUROC 3/4.
  # Ranked by score: 0.8 (anomaly; precision 1, recall 1/2), 0.4
  # (normal), 0.35 (anomaly; precision 2/3, recall 1): AP = 1/2 * 1 +
  # 1/2 * 2/3 = 5/6.
  metrics = anomaly_detection_metrics([0.1, 0.4, 0.35, 0.8],
                                      [False, False, True, True])
  assert metrics["auroc"] == pytest.approx(0.75)
  assert metrics["auprc"] == pytest.approx(5 / 6)


def test_detection_metrics_refuse_one_class_or_bad_shapes():
  with pytest.raises(ValueError, match="is_anomaly must hold both anomalies "
                     "and normal examples"):
    anomaly_detection_metrics([0.1, 0.2], [0, 0])
  with pytest.raises(ValueError, match=r"scores and is_anomaly must be 1-D "
                     r"arrays of one length; got shapes \(2,\) and \(3,\)"):
    anomaly_detection_metrics([0.1, 0.2], [0, 1, 1])
