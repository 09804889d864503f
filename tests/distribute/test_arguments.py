"""initialize(strategy=...): what it refuses, and who reports progress."""

import re

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.inferences import _distribute
from tests import test_util
from tests.distribute.replicas import TWO_CPUS, mirrored
from tests.inferences.linear_models import A_G, linear_discriminator

N = 8


def gan(batch=N, under=None):
  """A linear GAN whose generator variable is made under `under`'s scope."""
  x_ph = tf1.placeholder(tf.float32, [batch, 1])
  z_ph = tf1.placeholder(tf.float32, [batch, 1])
  scope = under.scope() if under is not None else tf1.variable_scope("")
  with scope, tf1.variable_scope("Gen"):
    x_fake = tf1.get_variable("a", initializer=A_G) * z_ph
  return ed.GANInference({x_fake: x_ph}, linear_discriminator), x_ph, z_ph


def test_strategy_of_the_wrong_type_is_refused():
  with test_util.fresh_session(config=TWO_CPUS):
    inference, _, _ = gan()
    with pytest.raises(TypeError, match=re.escape(
        "strategy must be a tf.distribute.Strategy or None; got str.")):
      inference.initialize(strategy="mirrored")


def test_model_made_outside_the_strategy_scope_is_refused():
  with test_util.fresh_session(config=TWO_CPUS):
    strategy = mirrored()
    inference, _, _ = gan()
    with pytest.raises(ValueError, match=re.escape(
        "The generator's var_list holds Gen/a:0, which was not created under "
        "strategy.scope()")):
      inference.initialize(n_print=0, strategy=strategy)


def test_var_list_made_outside_the_strategy_scope_is_refused_first():
  with test_util.fresh_session(config=TWO_CPUS):
    strategy = mirrored()
    inference, _, _ = gan()
    variable, = tf1.trainable_variables()
    with pytest.raises(ValueError, match=re.escape(
        "var_list holds Gen/a:0, which was not created under "
        "strategy.scope()")):
      inference.initialize(var_list=[variable], strategy=strategy)
    assert tf1.trainable_variables() == [variable]  # nothing built


def test_global_batch_of_known_size_must_split_evenly():
  with test_util.fresh_session(config=TWO_CPUS):
    strategy = mirrored()
    inference, _, _ = gan(batch=7, under=strategy)
    with pytest.raises(ValueError, match=re.escape(
        "has 7 rows, which 2 replicas cannot split evenly.")):
      inference.initialize(n_print=0, strategy=strategy)


def test_fed_global_batch_of_open_size_must_split_evenly(sess):
  del sess  # the test needs its own session with two devices
  with test_util.fresh_session(config=TWO_CPUS) as session:
    strategy = mirrored()
    inference, x_ph, z_ph = gan(batch=None, under=strategy)
    inference.initialize(n_print=0, strategy=strategy)
    session.run(tf1.global_variables_initializer())
    odd = np.ones([7, 1], np.float32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="2 replicas cannot split the global batch"):
      inference.update({x_ph: odd, z_ph: odd})
    even = np.ones([8, 1], np.float32)
    assert np.isfinite(inference.update({x_ph: even, z_ph: even})["loss"])


def test_distribute_dataset_refuses_what_is_not_a_strategy():
  with test_util.fresh_session(config=TWO_CPUS):
    dataset = tf.data.Dataset.from_tensor_slices(np.zeros([8, 1])).batch(4)
    with pytest.raises(TypeError, match=re.escape(
        "strategy must be a tf.distribute.Strategy or None; got list.")):
      _distribute.distribute_dataset(["/cpu:0", "/cpu:1"], dataset)


def worker_strategy(task_id):
  """A two-worker MultiWorkerMirroredStrategy as worker `task_id` sees it.

  In graph mode constructing it starts no server and contacts no one.
  """
  resolver = tf.distribute.cluster_resolver.SimpleClusterResolver(
      tf.train.ClusterSpec({"worker": ["127.0.0.1:1", "127.0.0.1:2"]}),
      task_type="worker", task_id=task_id)
  return tf1.distribute.experimental.MultiWorkerMirroredStrategy(
      cluster_resolver=resolver)


def test_only_the_chief_reports_progress_and_writes_summaries():
  with tf1.Graph().as_default():
    chief, other = worker_strategy(0), worker_strategy(1)
    assert chief.num_replicas_in_sync == other.num_replicas_in_sync == 2
    args, kwargs = (500, 10), {"logdir": "/tmp/logs", "debug": True}
    assert _distribute.is_chief(chief) and not _distribute.is_chief(other)
    assert _distribute.initialize_arguments(chief, None, args, kwargs) == (
        args, kwargs)
    assert _distribute.initialize_arguments(other, None, args, kwargs) == (
        (), {"n_iter": 500, "n_print": 0, "logdir": None, "debug": True})
