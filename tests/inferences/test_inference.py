"""Inference, the abstract base class: what it builds for a direct subclass."""

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.models import Normal


class Counter(ed.Inference):
  """The smallest complete algorithm: Inference's own initialize and update."""

  def initialize(self, *args, **kwargs):
    super(Counter, self).initialize(*args, **kwargs)

  def update(self, feed_dict=None):
    return super(Counter, self).update(feed_dict)


def build_counter(loc):
  mu = Normal(loc=0.0, scale=1.0)
  x = Normal(loc=mu, scale=1.0, sample_shape=50)
  qmu_loc = tf1.Variable(loc, name="qmu_loc")
  qmu = Normal(loc=qmu_loc, scale=1.0)
  return Counter({mu: qmu}, data={x: np.zeros(50, np.float32)}), qmu_loc


# Issue 19, point 4: Edward's Inference.initialize built the numeric checks
# (tf.add_check_numerics_ops), so debug=True worked on a direct subclass.


def test_debug_works_on_a_direct_subclass(sess):
  inference, _ = build_counter(0.0)
  inference.initialize(n_iter=2, n_print=0, debug=True)
  tf1.global_variables_initializer().run()
  assert inference.op_check is not None
  assert inference.update() == {"t": 1}
  assert inference.update() == {"t": 2}


def test_debug_on_a_direct_subclass_names_the_nan_and_does_not_count(sess):
  inference, qmu_loc = build_counter(float("nan"))
  inference.initialize(n_iter=2, n_print=0, debug=True)
  tf1.global_variables_initializer().run()
  # The first tensor holding the NaN: the read of qmu's location.
  with pytest.raises(tf.errors.InvalidArgumentError,
                     match=r"Found NaN or Inf in \S*ReadVariableOp:0 : "
                     "Tensor had NaN"):
    inference.update()
  assert sess.run(inference.t) == 0


# Issue 19, point 6: Edward used its flags' truth, so debug=1 worked.


@pytest.mark.parametrize("flag", ["debug", "auto_transform", "log_timestamp"])
def test_edwards_flags_take_integers(sess, flag):
  inference, _ = build_counter(0.0)
  inference.initialize(n_iter=1, n_print=0, **{flag: 1})
  assert getattr(inference, "debug") == (1 if flag == "debug" else False)
  tf1.global_variables_initializer().run()
  assert inference.update() == {"t": 1}


def test_run_takes_an_integer_use_coordinator(sess):
  inference, _ = build_counter(0.0)
  inference.run(use_coordinator=0, n_iter=3, n_print=0, debug=1)
  assert sess.run(inference.t) == 3
