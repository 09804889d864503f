"""The adversarial objectives against NumPy on fixed numbers."""

import numpy as np
import pytest

from edward_lite._tf import tf, tf1
from edward_lite.inferences._adversarial import losses

D_TRUE = np.array([[1.5], [-0.3], [0.2], [2.0]], np.float32)
D_FAKE = np.array([[-1.0], [0.4], [-2.5], [0.1]], np.float32)


def softplus(x):
  return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0.0)


def ce_one(logits):
  """-log sigmoid(logits): cross-entropy against label 1."""
  return softplus(-np.asarray(logits, np.float64))


def ce_zero(logits):
  """-log(1 - sigmoid(logits)): cross-entropy against label 0."""
  return softplus(np.asarray(logits, np.float64))


# Large logits too: the softplus form must not overflow where the
# cross-entropy formula does not.
WIDE = np.array([[-90.0], [-20.0], [-1e-3], [0.0], [3.0], [40.0], [95.0]],
                np.float32)


@pytest.mark.parametrize("lean", [False, True], ids=["edward", "lean"])
@pytest.mark.parametrize("label", [0, 1])
def test_cross_entropy_matches_numpy_on_wide_logits(sess, lean, label):
  value = sess.run(losses._cross_entropy(tf.constant(WIDE), label, lean))
  expected = ce_one(WIDE) if label else ce_zero(WIDE)
  # Results below float32's smallest normal number come out as 0: the
  # CPU flushes denormals.
  np.testing.assert_allclose(value, expected, rtol=2e-7,
                             atol=np.finfo(np.float32).tiny)


@pytest.mark.parametrize("lean", [False, True], ids=["edward", "lean"])
def test_cross_entropy_gradients_match_numpy(sess, lean):
  logits = tf.constant(WIDE)
  loss = tf.reduce_sum(losses._cross_entropy(logits, 1, lean) +
                       2.0 * losses._cross_entropy(logits, 0, lean))
  grad = sess.run(tf1.gradients(loss, [logits])[0])
  sigmoid = 1.0 / (1.0 + np.exp(-WIDE.astype(np.float64)))
  # d/dl [-log s(l)] = s(l) - 1 and d/dl [-log(1 - s(l))] = s(l).
  np.testing.assert_allclose(grad, (sigmoid - 1.0) + 2.0 * sigmoid,
                             rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("lean", [False, True], ids=["edward", "lean"])
def test_gan_losses_match_numpy(sess, lean):
  loss, loss_d = sess.run(losses.gan_losses(
      tf.constant(D_TRUE), tf.constant(D_FAKE), lean=lean))
  np.testing.assert_allclose(loss, np.mean(ce_one(D_FAKE)), rtol=1e-6)
  np.testing.assert_allclose(
      loss_d, np.mean(ce_one(D_TRUE) + ce_zero(D_FAKE)), rtol=1e-6)


def test_gan_losses_by_hand_at_zero_logits(sess):
  zeros = tf.zeros([3, 1])
  loss, loss_d = sess.run(losses.gan_losses(zeros, zeros))
  # sigmoid(0) = 1/2, so each cross-entropy term is log 2.
  np.testing.assert_allclose(loss, np.log(2.0), rtol=1e-6)
  np.testing.assert_allclose(loss_d, 2 * np.log(2.0), rtol=1e-6)


@pytest.mark.parametrize("lean", [False, True], ids=["edward", "lean"])
def test_bigan_losses_use_edwards_labels(sess, lean):
  d_data_pair, d_model_pair = D_TRUE, D_FAKE
  loss, loss_d = sess.run(losses.bigan_losses(
      tf.constant(d_data_pair), tf.constant(d_model_pair), lean=lean))
  # Edward: the discriminator says 1 for (G(z), z), 0 for (x, E(x)).
  np.testing.assert_allclose(
      loss_d, np.mean(ce_one(d_model_pair) + ce_zero(d_data_pair)), rtol=1e-6)
  np.testing.assert_allclose(
      loss, np.mean(ce_zero(d_model_pair) + ce_one(d_data_pair)), rtol=1e-6)


def test_wgan_losses_match_numpy(sess):
  loss, loss_d = sess.run(losses.wgan_losses(tf.constant(D_TRUE),
                                                  tf.constant(D_FAKE)))
  np.testing.assert_allclose(loss, -D_FAKE.mean(), rtol=1e-6)
  np.testing.assert_allclose(loss_d, D_FAKE.mean() - D_TRUE.mean(), rtol=1e-6)


def test_gradient_penalty_of_a_quadratic_critic(sess):
  rng = np.random.RandomState(0)
  x_true = rng.randn(5, 3).astype(np.float32)
  x_fake = rng.randn(5, 3).astype(np.float32)
  v = np.array([0.5, -1.0, 2.0], np.float32)
  # critic(x) = sum_j v_j x_j^2, whose gradient is 2 v x.
  penalty, x_hat = sess.run(losses.gradient_penalty(
      lambda x: tf.reduce_sum(v * tf.square(x), axis=1),
      x_true, x_fake, 10.0, seed=3))
  slopes = np.sqrt(np.sum((2.0 * v * x_hat.astype(np.float64)) ** 2, axis=1))
  np.testing.assert_allclose(penalty, 10.0 * np.mean((slopes - 1.0) ** 2),
                             rtol=1e-5)


def test_gradient_penalty_interpolates_once_per_example(sess):
  rng = np.random.RandomState(1)
  x_true = rng.randn(6, 4, 2).astype(np.float32)
  x_fake = rng.randn(6, 4, 2).astype(np.float32)
  _, x_hat = sess.run(losses.gradient_penalty(
      lambda x: tf.reduce_sum(x, axis=[1, 2]), x_true, x_fake, 1.0, seed=7))
  # x_hat = eps x_true + (1 - eps) x_fake with one eps per example.
  eps = (x_hat - x_fake) / (x_true - x_fake)
  for row in eps:
    np.testing.assert_allclose(row, np.full_like(row, row.flat[0]), atol=1e-4)
  assert np.all((eps >= 0.0) & (eps <= 1.0))
  assert np.std(eps[:, 0, 0]) > 0.0  # and eps differs between examples


def test_gradient_penalty_of_a_linear_critic_is_closed_form(sess):
  w = np.array([3.0, 4.0], np.float32)  # ||w|| = 5
  penalty, _ = sess.run(losses.gradient_penalty(
      lambda x: tf.linalg.matvec(x, w), np.ones((4, 2), np.float32),
      np.zeros((4, 2), np.float32), 0.5))
  np.testing.assert_allclose(penalty, 0.5 * (5.0 - 1.0) ** 2, rtol=1e-6)


@pytest.mark.parametrize("terms,expected", [([], 1.5), ([0.25], 1.75),
                                            ([0.25, 2.0], 3.75)])
def test_add_regularization_adds_the_sum(sess, terms, expected):
  total = losses.add_regularization(
      tf.constant(1.5), [tf.constant(term) for term in terms])
  assert sess.run(total) == pytest.approx(expected)


def test_losses_are_differentiable_in_the_logits(sess):
  d_fake = tf1.placeholder(tf.float32, [4, 1])
  loss, _ = losses.gan_losses(tf.constant(D_TRUE), d_fake)
  grad = sess.run(tf.gradients(loss, d_fake)[0], {d_fake: D_FAKE})
  # d/dl mean(-log sigmoid(l)) = -(1 - sigmoid(l)) / n
  expected = -(1.0 - 1.0 / (1.0 + np.exp(-D_FAKE))) / 4.0
  np.testing.assert_allclose(grad, expected, rtol=1e-5)


def test_gradient_penalty_is_finite_where_the_critic_is_flat(sess):
  """A ReLU critic whose units are all off has gradient exactly 0 there.

  The penalty is then weight * (0 - 1)^2 = weight, and its derivative
  must stay finite (Edward's plain sqrt gave NaN and poisoned training).
  """
  w = tf1.Variable([[2.0]])
  critic = lambda x: tf.nn.relu(tf.matmul(x, w) - 100.0)
  x_true = tf.constant([[1.0], [2.0]])
  x_fake = tf.constant([[-1.0], [0.5]])
  penalty, _ = losses.gradient_penalty(critic, x_true, x_fake, 3.0)
  grad = tf.gradients(penalty, [w])[0]
  sess.run(w.initializer)
  penalty_value, grad_value = sess.run([penalty, grad])
  assert penalty_value == pytest.approx(3.0)
  assert np.all(np.isfinite(grad_value))


@pytest.mark.parametrize("lean", [False, True], ids=["edward", "lean"])
def test_alad_cycle_losses_label_matched_pairs_one(sess, lean):
  d_matched, d_cycled = D_TRUE, D_FAKE
  loss, loss_d = sess.run(losses.alad_cycle_losses(
      tf.constant(d_matched), tf.constant(d_cycled), lean=lean))
  # ALAD: D_xx says 1 for (x, x), 0 for (x, G(E(x))); E and G the opposite.
  np.testing.assert_allclose(
      loss_d, np.mean(ce_one(d_matched) + ce_zero(d_cycled)), rtol=1e-6)
  np.testing.assert_allclose(
      loss, np.mean(ce_zero(d_matched) + ce_one(d_cycled)), rtol=1e-6)


def test_alad_cycle_losses_by_hand_at_one_logit(sess):
  # sigmoid(0) = 1/2 gives log 2 per term; a matched logit of log 3 has
  # sigmoid 3/4: CE(., 1) = log(4/3), CE(., 0) = log 4.
  loss, loss_d = sess.run(losses.alad_cycle_losses(
      tf.constant([np.log(3.0)]), tf.constant([0.0])))
  np.testing.assert_allclose(loss_d, np.log(4.0 / 3.0) + np.log(2.0),
                             rtol=1e-6)
  np.testing.assert_allclose(loss, np.log(4.0) + np.log(2.0), rtol=1e-6)


# x and its reconstruction, 2 examples of 3 elements: the differences are
# [[1, -2, 0], [0.5, 0, 1]], squared [[1, 4, 0], [0.25, 0, 1]].
PENALTY_X = np.array([[1.0, 0.0, 2.0], [0.5, 1.0, 1.0]], np.float32)
PENALTY_X_REC = np.array([[0.0, 2.0, 2.0], [0.0, 1.0, 0.0]], np.float32)


@pytest.mark.parametrize("reduction,expected", [
    # mean over the 6 elements: 6.25 / 6; per-example sums 5 and 1.25,
    # averaged over the 2 examples: 3.125.
    ("mean", 6.25 / 6), ("sum", 3.125)])
def test_reconstruction_penalty_by_hand(sess, reduction, expected):
  penalty = sess.run(losses.reconstruction_penalty(
      tf.constant(PENALTY_X), tf.constant(PENALTY_X_REC), 2.0, reduction))
  np.testing.assert_allclose(penalty, 2.0 * expected, rtol=1e-6)


def test_reconstruction_penalty_sums_every_axis_of_an_example(sess):
  x = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10.0
  penalty = sess.run(losses.reconstruction_penalty(
      tf.constant(x), tf.zeros([2, 3, 4]), 1.0, "sum"))
  np.testing.assert_allclose(
      penalty, np.mean(np.sum(x.astype(np.float64) ** 2, axis=(1, 2))),
      rtol=1e-6)
  # A batch of scalars: each example's sum is its one square.
  penalty = sess.run(losses.reconstruction_penalty(
      tf.constant([1.0, 3.0]), tf.zeros([2]), 1.0, "sum"))
  assert penalty == pytest.approx(5.0)


def test_reconstruction_penalty_refuses_an_unknown_reduction(sess):
  with pytest.raises(ValueError, match="reduction must be 'mean' or 'sum'; "
                     "got 'max'"):
    losses.reconstruction_penalty(tf.zeros([1]), tf.zeros([1]), 1.0,
                                       "max")


# ImplicitKLqp's ratio losses, on the fixed logits above: D_TRUE stands
# for the estimator's outputs on the model's samples, D_FAKE on q's.
@pytest.mark.parametrize("lean", [False, True], ids=["edward", "lean"])
def test_ratio_log_loss_is_pointwise_cross_entropy(sess, lean):
  loss = sess.run(losses.ratio_log_loss(D_TRUE, D_FAKE, lean=lean))
  # -log sigmoid(r_p) - log(1 - sigmoid(r_q)), point by point.
  expected = (-np.log(1.0 / (1.0 + np.exp(-D_TRUE.astype(np.float64)))) -
              np.log(1.0 - 1.0 / (1.0 + np.exp(-D_FAKE.astype(np.float64)))))
  assert loss.shape == (4, 1)
  np.testing.assert_allclose(loss, expected, rtol=1e-6)


def test_ratio_hinge_loss_by_hand(sess):
  loss = sess.run(losses.ratio_hinge_loss(D_TRUE, D_FAKE))
  # relu(1 - r_p) + relu(1 + r_q): [0 + 0, 1.3 + 1.4, 0.8 + 0, 0 + 1.1].
  np.testing.assert_allclose(loss[:, 0], [0.0, 2.7, 0.8, 1.1], rtol=1e-6)
  np.testing.assert_allclose(
      loss, np.maximum(1.0 - D_TRUE, 0.0) + np.maximum(1.0 + D_FAKE, 0.0),
      rtol=1e-6)


@pytest.mark.parametrize("scale, factor", [({}, 1.0), ({"x": 10.0}, 10.0)])
def test_ratio_objectives_with_at_most_one_factor(sess, scale, factor):
  scaled_ratio, loss_d = sess.run(losses.ratio_objectives(
      tf.constant(D_TRUE), tf.constant(D_FAKE), scale,
      losses.ratio_hinge_loss))
  assert scaled_ratio == pytest.approx(factor * D_FAKE.sum(), rel=1e-6)
  assert loss_d == pytest.approx(np.mean(
      np.maximum(1.0 - D_TRUE, 0.0) + np.maximum(1.0 + D_FAKE, 0.0)),
                                 rel=1e-6)


def test_ratio_objectives_with_several_factors_sum_over_keys(sess):
  r_p = {"a": tf.constant(D_TRUE), "b": tf.constant(D_TRUE[:2] * 2.0)}
  r_q = {"a": tf.constant(D_FAKE), "b": tf.constant(D_FAKE[:2] - 1.0)}
  scale = {"a": 3.0, "b": tf.constant(0.5)}
  scaled_ratio, loss_d = sess.run(losses.ratio_objectives(
      r_p, r_q, scale, losses.ratio_log_loss))
  assert scaled_ratio == pytest.approx(
      3.0 * D_FAKE.sum() + 0.5 * (D_FAKE[:2] - 1.0).sum(), rel=1e-6)
  assert loss_d == pytest.approx(
      np.mean(ce_one(D_TRUE) + ce_zero(D_FAKE)) +
      np.mean(ce_one(D_TRUE[:2] * 2.0) + ce_zero(D_FAKE[:2] - 1.0)),
      rel=1e-6)
