"""BiGANInference's ALICE option: reconstruction_weight (off by default)."""

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from tests.inferences.test_bigan_inference import (
    DISC_B, DISC_W, ENC_W, GEN_W, X_DATA, Z_DATA, build_linear_bigan,
    numeric_gradient, numpy_bigan)

FEEDS_OF = lambda x_ph, z_ph: {x_ph: X_DATA, z_ph: Z_DATA}  # noqa: E731


def numpy_reconstruction_error(gen_w, enc_w):
  """mean((x - x E G)^2) of the linear BiGAN, in float64."""
  x = X_DATA.astype(np.float64)
  return np.mean((x - x @ enc_w @ gen_w) ** 2)


def op_names(graph):
  return [op.name for op in graph.get_operations()]


@pytest.mark.parametrize("kwargs", [{}, {"reconstruction_weight": 0.0},
                                    {"reconstruction_weight": 0}])
def test_the_default_objective_is_edwards_exactly(sess, kwargs):
  inference, x_ph, z_ph, _, _ = build_linear_bigan()
  inference.initialize(n_print=0, **kwargs)
  tf1.global_variables_initializer().run()
  info = inference.update(FEEDS_OF(x_ph, z_ph))
  loss, loss_d = numpy_bigan(GEN_W, ENC_W, DISC_W, DISC_B)
  np.testing.assert_allclose(info["loss"], loss, rtol=1e-6)
  np.testing.assert_allclose(info["loss_d"], loss_d, rtol=1e-6)
  assert not any(name.startswith("reconstruction")
                 for name in op_names(sess.graph))
  assert not hasattr(inference, "reconstruction")


@pytest.mark.parametrize("weight", [0.5, 2.0])
def test_the_option_adds_lambda_times_the_mean_squared_error(sess, weight):
  inference, x_ph, z_ph, _, _ = build_linear_bigan()
  inference.initialize(n_print=0, reconstruction_weight=weight)
  tf1.global_variables_initializer().run()
  info = inference.update(FEEDS_OF(x_ph, z_ph))
  loss, loss_d = numpy_bigan(GEN_W, ENC_W, DISC_W, DISC_B)
  expected = loss + weight * numpy_reconstruction_error(GEN_W, ENC_W)
  np.testing.assert_allclose(info["loss"], expected, rtol=1e-5)
  # The discriminator's objective is untouched.
  np.testing.assert_allclose(info["loss_d"], loss_d, rtol=1e-6)


def test_one_step_descends_the_regularized_objective(sess):
  inference, x_ph, z_ph, gen_w, enc_w = build_linear_bigan()
  weight = 0.7
  inference.initialize(optimizer="gradientdescent", n_print=0,
                       reconstruction_weight=weight)
  tf1.global_variables_initializer().run()
  inference.update(FEEDS_OF(x_ph, z_ph))

  def objective(gen, enc, disc_w, disc_b):
    return (numpy_bigan(gen, enc, disc_w, disc_b)[0] +
            weight * numpy_reconstruction_error(gen, enc))

  params = [GEN_W, ENC_W, DISC_W, DISC_B]
  # The copied generator shares gen_w: its gradient reaches gen_w too.
  np.testing.assert_allclose(
      sess.run(gen_w), GEN_W - 0.01 * numeric_gradient(objective, params, 0),
      atol=1e-5)
  np.testing.assert_allclose(
      sess.run(enc_w), ENC_W - 0.01 * numeric_gradient(objective, params, 1),
      atol=1e-5)


def test_the_copy_is_g_of_e_of_x_for_layered_networks(sess):
  x_ph = tf1.placeholder(tf.float32, [None, 3])
  z_ph = tf1.placeholder(tf.float32, [None, 2])
  with tf1.variable_scope("Gen"):
    hidden = tf1.layers.dense(z_ph, 8, tf.nn.leaky_relu)
    xf = tf1.layers.dense(tf.concat([hidden, z_ph], 1), 3, tf.sigmoid)
    zf = tf1.layers.dense(tf1.layers.dense(x_ph, 8, tf.nn.relu), 2)

  def discriminator(x, z):
    return tf1.layers.dense(tf.concat([x, z], 1), 1)

  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)
  inference.initialize(n_print=0, reconstruction_weight=1.0)
  tf1.global_variables_initializer().run()
  x = np.random.RandomState(0).rand(6, 3).astype(np.float32)
  by_feeds = sess.run(xf, {z_ph: sess.run(zf, {x_ph: x})})
  np.testing.assert_allclose(sess.run(inference.reconstruction, {x_ph: x}),
                             by_feeds, rtol=1e-6)
  # No variable was made by the copy: it reads the generator's own.
  assert sorted(v.name for v in tf1.global_variables()
                if "reconstruction" in v.name) == []


@pytest.mark.parametrize("weight,error,message", [
    ("1", TypeError, "reconstruction_weight must be a float >= 0; got '1'"),
    (True, TypeError, "reconstruction_weight must be a float >= 0; got True"),
    (-0.5, ValueError,
     "reconstruction_weight must be a finite float >= 0; got -0.5"),
    (float("nan"), ValueError,
     "reconstruction_weight must be a finite float >= 0; got nan"),
    (float("inf"), ValueError,
     "reconstruction_weight must be a finite float >= 0; got inf"),
])
def test_bad_weights_are_refused_before_any_op(sess, weight, error, message):
  inference, _, _, _, _ = build_linear_bigan()
  before = op_names(sess.graph)
  with pytest.raises(error, match=message):
    inference.initialize(n_print=0, reconstruction_weight=weight)
  assert op_names(sess.graph) == before


def test_a_generator_that_ignores_the_prior_is_refused(sess):
  x_ph = tf1.placeholder(tf.float32, [5, 3])
  z_ph = tf1.placeholder(tf.float32, [5, 2])
  with tf1.variable_scope("Gen"):
    xf = tf.tile(tf1.get_variable("mean", initializer=tf.zeros([1, 3])),
                 [5, 1])
    zf = tf1.layers.dense(x_ph, 2)
  inference = ed.BiGANInference(
      {z_ph: zf}, {xf: x_ph},
      lambda x, z: tf1.layers.dense(tf.concat([x, z], 1), 1))
  before = op_names(sess.graph)
  with pytest.raises(ValueError, match="reconstruction_weight needs the "
                     "generator's output Gen/Tile:0 to depend on the "
                     "prior's tensor Placeholder_1:0"):
    inference.initialize(n_print=0, reconstruction_weight=1.0)
  assert op_names(sess.graph) == before


def test_the_sum_reduction_adds_lambda_times_each_examples_squared_error(
    sess):
  inference, x_ph, z_ph, _, _ = build_linear_bigan()
  weight = 0.5
  inference.initialize(n_print=0, reconstruction_weight=weight,
                       reconstruction_reduction="sum")
  tf1.global_variables_initializer().run()
  info = inference.update(FEEDS_OF(x_ph, z_ph))
  loss, _ = numpy_bigan(GEN_W, ENC_W, DISC_W, DISC_B)
  x = X_DATA.astype(np.float64)
  # mean_i sum_j (x_ij - G(E(x_i))_j)^2: DX = 3 times the "mean" form.
  per_example = np.sum((x - x @ ENC_W @ GEN_W) ** 2, axis=1)
  np.testing.assert_allclose(info["loss"], loss + weight * per_example.mean(),
                             rtol=1e-5)
  np.testing.assert_allclose(
      per_example.mean(), 3 * numpy_reconstruction_error(GEN_W, ENC_W))


@pytest.mark.parametrize("reduction", ["max", 1, None])
def test_an_unknown_reduction_is_refused_before_any_op(sess, reduction):
  inference, _, _, _, _ = build_linear_bigan()
  before = op_names(sess.graph)
  with pytest.raises(ValueError, match="reconstruction_reduction must be "
                     "'mean' or 'sum'; got {!r}".format(reduction)):
    inference.initialize(n_print=0, reconstruction_weight=1.0,
                         reconstruction_reduction=reduction)
  assert op_names(sess.graph) == before
