"""build_optimizer: Edward's optimizer names, learning rates and errors."""

import re

import numpy as np
import pytest

from edward_lite._tf import tf, tf1
from edward_lite.inferences._setup.optimizers import (
    OPTIMIZER_NAMES, build_optimizer, gate_gradients)

EXPECTED_CLASSES = {
    "gradientdescent": tf1.train.GradientDescentOptimizer,
    "adadelta": tf1.train.AdadeltaOptimizer,
    "adagrad": tf1.train.AdagradOptimizer,
    "momentum": tf1.train.MomentumOptimizer,
    "adam": tf1.train.AdamOptimizer,
    "ftrl": tf1.train.FtrlOptimizer,
    "rmsprop": tf1.train.RMSPropOptimizer,
}


def learning_rate_of(optimizer):
  # Every tf1 optimizer keeps its rate as _learning_rate (or _lr).
  return getattr(optimizer, "_learning_rate", getattr(optimizer, "_lr", None))


def test_the_names_are_edwards():
  assert sorted(OPTIMIZER_NAMES) == sorted(EXPECTED_CLASSES)


@pytest.mark.parametrize("name", sorted(EXPECTED_CLASSES))
def test_a_name_without_global_step_runs_at_a_fixed_rate(sess, name):
  optimizer, global_step = build_optimizer(name, None)
  assert type(optimizer) is EXPECTED_CLASSES[name]
  assert global_step is None
  assert learning_rate_of(optimizer) == 0.01


@pytest.mark.parametrize("name", sorted(EXPECTED_CLASSES))
def test_a_name_with_global_step_decays_from_a_tenth(sess, name):
  step = tf1.Variable(0, trainable=False)
  optimizer, global_step = build_optimizer(name, step)
  assert type(optimizer) is EXPECTED_CLASSES[name]
  assert global_step is step
  rate = learning_rate_of(optimizer)
  sess.run(step.initializer)
  # 0.1 * 0.9 ** floor(step / 100)
  for value, expected in [(0, 0.1), (99, 0.1), (100, 0.09), (250, 0.081)]:
    sess.run(step.assign(value))
    assert sess.run(rate) == pytest.approx(expected, rel=1e-6)


def test_momentum_uses_edwards_0_9(sess):
  optimizer, _ = build_optimizer("momentum", None)
  assert optimizer._momentum == 0.9  # pylint: disable=protected-access


def test_default_is_adam_on_a_new_global_step(sess):
  optimizer, global_step = build_optimizer(None, None)
  assert type(optimizer) is tf1.train.AdamOptimizer
  assert isinstance(global_step, tf.Variable)
  assert global_step.name == "global_step:0"
  assert not global_step.trainable
  sess.run(global_step.initializer)
  assert sess.run(learning_rate_of(optimizer)) == pytest.approx(0.1)


def test_an_optimizer_instance_is_used_as_it_is(sess):
  given = tf1.train.GradientDescentOptimizer(0.25)
  optimizer, global_step = build_optimizer(given, None)
  assert optimizer is given and global_step is None


@pytest.mark.parametrize("optimizer,error,message", [
    ("sgd", ValueError, "Optimizer class not found: sgd (expected one of "
     "adadelta, adagrad, adam, ftrl, gradientdescent, momentum, rmsprop)."),
    (0.1, TypeError, "Optimizer must be str, tf.train.Optimizer, or None."),
    (object(), TypeError,
     "Optimizer must be str, tf.train.Optimizer, or None."),
])
def test_bad_optimizers(sess, optimizer, error, message):
  with pytest.raises(error, match=re.escape(message)):
    build_optimizer(optimizer, None)
  assert sess.graph.get_operations() == []


def test_keras_optimizer_is_refused_with_edwards_message(sess):
  import tf_keras  # pylint: disable=g-import-not-at-top
  with pytest.raises(TypeError, match=re.escape(
      "Optimizer must be str, tf.train.Optimizer, or None.")):
    build_optimizer(tf_keras.optimizers.Adam(), None)


def test_gated_gradients_keep_their_values(sess):
  var = tf1.Variable(3.0)
  loss = tf.square(var)
  gated = gate_gradients(list(zip(tf.gradients(loss, [var]), [var])) +
                         [(None, var)], [loss])
  assert gated[1] == (None, var)
  sess.run(var.initializer)
  assert sess.run(gated[0][0]) == pytest.approx(6.0)
  assert loss.op in gated[0][0].op.control_inputs
