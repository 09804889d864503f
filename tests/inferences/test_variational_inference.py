"""Inference and VariationalInference through a minimal subclass."""

import re

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.models import Normal


class SquaredDistance(ed.VariationalInference):
  """loss = sum((qz - x)^2) over the data: the smallest subclass there is."""

  def build_loss_and_gradients(self, var_list):
    (x, x_obs), = self.data.items()
    (_, qz), = self.latent_vars.items()
    loss = tf.reduce_sum(tf.square(tf.convert_to_tensor(qz) - x_obs))
    return loss, list(zip(tf.gradients(loss, var_list), var_list))


def build(sess, data_value):
  q_loc = tf1.Variable(0.0, name="q_loc")
  unrelated = tf1.Variable(5.0, name="unrelated")
  z = Normal(loc=0.0, scale=1.0)
  qz = Normal(loc=q_loc, scale=1e-8)
  x = Normal(loc=z, scale=1.0, sample_shape=3)
  inference = SquaredDistance({z: qz}, {x: data_value})
  return inference, q_loc, unrelated


def test_abstract_classes_cannot_be_instantiated(sess):
  with pytest.raises(TypeError, match="abstract"):
    ed.Inference()
  with pytest.raises(TypeError, match="abstract"):
    ed.VariationalInference()


def test_default_var_list_follows_the_latent_variables(sess):
  inference, q_loc, _ = build(sess, np.ones(3, np.float32))
  inference.initialize(n_print=0)
  # `unrelated` is trainable but no random variable depends on it.
  assert sorted(v.name for v in inference.var_list) == [q_loc.name]


def test_gradient_descent_step_is_exact(sess):
  data = np.array([1.0, 2.0, 4.0], np.float32)
  inference, q_loc, unrelated = build(sess, data)
  inference.initialize(optimizer="gradientdescent", n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update()
  # loss at q = 0 is sum(x^2) = 21; d/dq sum((q - x)^2) = -2 sum(x) = -14.
  assert info == {"t": 1, "loss": pytest.approx(21.0, rel=1e-5)}
  assert sess.run(q_loc) == pytest.approx(0.01 * 14.0, rel=1e-4)
  assert sess.run(unrelated) == 5.0


def test_python_data_is_stored_in_a_variable_and_run_converges(sess, capsys):
  inference, q_loc, _ = build(sess, [1.0, 2.0, 4.0])
  inference.run(n_iter=300, n_print=100)
  assert sess.run(q_loc) == pytest.approx(7.0 / 3.0, abs=1e-3)
  out = capsys.readouterr().out
  assert "300/300 [100%]" in out and "| Loss: " in out


def test_reset_zeroes_the_counter_and_the_optimizer_state(sess):
  inference, _, _ = build(sess, np.ones(3, np.float32))
  inference.initialize(optimizer="adam", n_print=0)
  tf1.global_variables_initializer().run()
  for _ in range(3):
    inference.update()
  optimizer_vars = [v for v in tf1.global_variables()
                    if v.name.startswith("optimizer/")]
  assert optimizer_vars, "Adam's slots live under the optimizer scope"
  sess.run(inference.reset)
  assert sess.run(inference.t) == 0
  for value in sess.run(optimizer_vars):
    assert np.all(value == 0) or np.all(value == 0.9) or np.all(value == 0.999)


def test_use_prettytensor_is_refused(sess):
  inference, _, _ = build(sess, np.ones(3, np.float32))
  with pytest.raises(ValueError, match=re.escape(
      "use_prettytensor=True needs PrettyTensor, which does not run on "
      "TensorFlow 2; pass use_prettytensor=False.")):
    inference.initialize(use_prettytensor=True)


def test_auto_transform_of_unequal_supports_is_not_available(sess):
  from edward_lite.models import Gamma  # pylint: disable=g-import-not-at-top
  z = Gamma(1.0, 1.0)
  qz = Normal(tf1.Variable(0.0), 1.0)
  x = Normal(z, 1.0)
  inference = SquaredDistance({z: qz}, {x: np.float32(1.0)})
  with pytest.raises(NotImplementedError, match=re.escape(
      "auto_transform of latent variables with unequal supports "
      "(nonnegative, real) is not available in edward_lite; pass "
      "auto_transform=False.")):
    inference.initialize()


def test_logdir_logs_gradients_and_loss(sess, tmp_path):
  import glob  # pylint: disable=g-import-not-at-top
  import os  # pylint: disable=g-import-not-at-top
  inference, _, _ = build(sess, np.ones(3, np.float32))
  inference.initialize(n_iter=2, n_print=1, logdir=str(tmp_path))
  tf1.global_variables_initializer().run()
  infos = [inference.update() for _ in range(2)]
  inference.finalize()
  path, = glob.glob(os.path.join(str(tmp_path), "*", "events.*"))
  losses = {}
  tags = set()
  for event in tf1.train.summary_iterator(path):
    for value in event.summary.value:
      tags.add(value.tag)
      if value.tag == "loss":
        losses[event.step] = value.simple_value
  assert {"loss", "gradient/q_loc/0", "gradient_norm/q_loc/0",
          "parameter/q_loc/0"} <= tags
  assert losses == {1: pytest.approx(float(infos[0]["loss"])),
                    2: pytest.approx(float(infos[1]["loss"]))}
