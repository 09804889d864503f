"""WGANInference: the critic objective, gradient penalty and clipping."""

import re

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from tests.inferences.linear_models import A_G, B_D, C_G, W_D

N = 6
RNG = np.random.RandomState(5)
X_DATA = RNG.randn(N, 1).astype(np.float32) + 2.0
Z_DATA = RNG.randn(N, 1).astype(np.float32)


def critic(x):
  weight = tf1.get_variable("w", initializer=tf.constant(W_D))
  bias = tf1.get_variable("b", initializer=tf.constant(B_D))
  return tf.matmul(tf.convert_to_tensor(x), weight) + bias


def build_linear_wgan():
  x_ph = tf1.placeholder(tf.float32, [N, 1])
  with tf1.variable_scope("Gen"):
    a = tf1.get_variable("a", initializer=A_G)
    c = tf1.get_variable("c", initializer=C_G)
    x_fake = a * tf.constant(Z_DATA) + c
  return ed.WGANInference({x_fake: x_ph}, critic), x_ph, a


def disc_values(sess):
  return sess.run([v for v in tf1.trainable_variables() if "Disc/" in v.name])


@pytest.mark.parametrize("penalty", [10.0, 0.1, None, 0.0])
def test_losses_with_and_without_penalty(sess, penalty):
  inference, x_ph, _ = build_linear_wgan()
  inference.initialize(penalty=penalty, n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA})
  w, b = np.float64(W_D[0, 0]), np.float64(B_D[0])
  d_true = X_DATA.astype(np.float64) * w + b
  d_fake = (A_G * Z_DATA.astype(np.float64) + C_G) * w + b
  # A linear critic's gradient is w everywhere: the penalty is closed form.
  expected_penalty = (penalty or 0.0) * (abs(w) - 1.0) ** 2
  np.testing.assert_allclose(info["loss"], -d_fake.mean(), rtol=1e-5)
  np.testing.assert_allclose(
      info["loss_d"], d_fake.mean() - d_true.mean() + expected_penalty,
      rtol=1e-5)


def test_default_penalty_is_ten(sess):
  inference, _, _ = build_linear_wgan()
  inference.initialize(n_print=0)
  assert inference.penalty == 10.0 and inference.clip is None
  assert inference.clip_op is None


def test_clip_bounds_the_critic_after_each_critic_update(sess):
  inference, x_ph, _ = build_linear_wgan()
  inference.initialize(penalty=None, clip=0.01, n_print=0)
  tf1.global_variables_initializer().run()
  assert len(inference.clip_op) == 2
  inference.update({x_ph: X_DATA}, variables="Gen")
  # A generator update does not clip: the critic keeps its initial weights.
  np.testing.assert_allclose(disc_values(sess)[0], W_D)
  inference.update({x_ph: X_DATA}, variables="Disc")
  assert all(np.all(np.abs(v) <= 0.01 + 1e-7) for v in disc_values(sess))
  assert max(np.max(np.abs(v)) for v in disc_values(sess)) == pytest.approx(
      0.01)


def test_clip_also_applies_to_joint_updates(sess):
  inference, x_ph, a = build_linear_wgan()
  inference.initialize(penalty=None, clip=0.05, n_print=0)
  tf1.global_variables_initializer().run()
  inference.update({x_ph: X_DATA})
  assert all(np.all(np.abs(v) <= 0.05 + 1e-7) for v in disc_values(sess))
  assert sess.run(a) != A_G


@pytest.mark.parametrize("kwargs,error,message", [
    ({"penalty": "10"}, TypeError,
     "penalty must be a float, a scalar tf.Tensor, or None; got str."),
    ({"penalty": -1.0}, ValueError, "penalty must be non-negative; got -1.0."),
    ({"clip": True}, TypeError,
     "clip must be a float, a scalar tf.Tensor, or None; got bool."),
    ({"clip": -0.5}, ValueError, "clip must be non-negative; got -0.5."),
])
def test_bad_penalty_or_clip(sess, kwargs, error, message):
  inference, _, _ = build_linear_wgan()
  ops_before = len(sess.graph.get_operations())
  with pytest.raises(error, match=re.escape(message)):
    inference.initialize(**kwargs)
  assert len(sess.graph.get_operations()) == ops_before


# Edward 1.3.5's clip_op and accepted arguments (issue 19, points 3 and 6) -----


def test_clip_op_only_clips(sess):
  # Edward's clip_op was the list of clipping assignments alone: running it
  # needs no data feed, takes no critic step and moves no counter.
  inference, _, a = build_linear_wgan()
  inference.initialize(penalty=None, clip=0.5, n_print=0)
  tf1.global_variables_initializer().run()
  steps_before = sess.run(tf1.get_collection(tf1.GraphKeys.GLOBAL_VARIABLES,
                                             scope="global_step"))
  sess.run(inference.clip_op)
  w, b = disc_values(sess)
  np.testing.assert_allclose(w, np.clip(W_D, -0.5, 0.5))
  np.testing.assert_allclose(b, np.clip(B_D, -0.5, 0.5))
  assert sess.run(a) == A_G and sess.run(inference.t) == 0
  assert sess.run(tf1.get_collection(tf1.GraphKeys.GLOBAL_VARIABLES,
                                     scope="global_step")) == steps_before


def test_clip_zero_clips_every_critic_weight_to_zero(sess):
  # Edward took clip=0 as a bound like any other.
  inference, x_ph, _ = build_linear_wgan()
  inference.initialize(penalty=None, clip=0, n_print=0)
  tf1.global_variables_initializer().run()
  inference.update({x_ph: X_DATA}, variables="Disc")
  for value in disc_values(sess):
    np.testing.assert_array_equal(value, np.zeros_like(value))


def test_penalty_and_clip_given_as_tensors(sess):
  # Edward used a tensor penalty as the penalty's weight and a tensor clip
  # as the bound.
  inference, x_ph, _ = build_linear_wgan()
  inference.initialize(penalty=tf.constant(0.1), clip=tf.constant(0.05),
                       n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA}, variables="Disc")
  w, b = np.float64(W_D[0, 0]), np.float64(B_D[0])
  d_true = X_DATA.astype(np.float64) * w + b
  d_fake = (A_G * Z_DATA.astype(np.float64) + C_G) * w + b
  np.testing.assert_allclose(
      info["loss_d"], d_fake.mean() - d_true.mean() + 0.1 * (abs(w) - 1) ** 2,
      rtol=1e-5)
  assert max(np.max(np.abs(v)) for v in disc_values(sess)) == pytest.approx(
      0.05)


def test_gradient_penalty_with_a_batch_of_unknown_size(sess):
  # Edward 1.3.5 drew its weights with Uniform().sample(x.shape[0]), which
  # needs the batch size in the graph; edward_lite draws one per example
  # of whatever batch is fed.
  x_ph = tf1.placeholder(tf.float32, [None, 1])
  with tf1.variable_scope("Gen"):
    a = tf1.get_variable("a", initializer=A_G)
    x_fake = a * tf1.placeholder_with_default(Z_DATA, [None, 1])
  inference = ed.WGANInference({x_fake: x_ph}, critic)
  inference.initialize(penalty=0.5, n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA}, variables="Disc")
  w, b = np.float64(W_D[0, 0]), np.float64(B_D[0])
  d_true = X_DATA.astype(np.float64) * w + b
  d_fake = A_G * Z_DATA.astype(np.float64) * w + b
  np.testing.assert_allclose(
      info["loss_d"], d_fake.mean() - d_true.mean() + 0.5 * (abs(w) - 1) ** 2,
      rtol=1e-5)
