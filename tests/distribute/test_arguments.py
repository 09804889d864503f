"""initialize(strategy=...): what it refuses, and who reports progress."""

import re

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.inferences._distributed import cluster, data_parallel
from edward_lite.util.graph_walk import upstream_ops
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


@pytest.mark.parametrize("options, named", [
    ({"alad": True}, "alad cannot be combined with strategy yet"),
    ({"spectral_norm": True, "alad": True},
     "alad, spectral_norm cannot be combined with strategy yet"),
])
def test_bigan_options_not_tested_under_a_strategy_are_refused_by_name(
    options, named):
  with test_util.fresh_session(config=TWO_CPUS):
    strategy = mirrored()
    x_ph = tf1.placeholder(tf.float32, [N, 1])
    z_ph = tf1.placeholder(tf.float32, [N, 1])
    with strategy.scope(), tf1.variable_scope("Gen"):
      x_fake = tf1.layers.dense(z_ph, 1)
      z_fake = tf1.layers.dense(x_ph, 1)
    inference = ed.BiGANInference(
        {z_ph: z_fake}, {x_fake: x_ph},
        lambda x, z: tf1.layers.dense(tf.concat([x, z], 1), 1))
    before = tf1.global_variables()
    with pytest.raises(ValueError) as raised:
      inference.initialize(n_print=0, strategy=strategy, **options)
    assert str(raised.value).startswith(named)
    assert str(raised.value).endswith(
        "edward_lite has not tested that the replicas train as one device "
        "does with {}; train on one device.".format(
            "them" if len(options) > 1 else "it"))
    assert tf1.global_variables() == before


def test_tf1_control_flow_in_the_model_is_refused_as_ed_copy_refuses_it():
  with test_util.fresh_session(config=TWO_CPUS):
    strategy = mirrored()
    x_ph = tf1.placeholder(tf.float32, [N, 1])
    z_ph = tf1.placeholder(tf.float32, [N, 1])
    with strategy.scope(), tf1.variable_scope("Gen"):
      a = tf1.get_variable("a", initializer=A_G)
    tf1.disable_control_flow_v2()
    try:
      x_fake = tf1.cond(tf.constant(True), lambda: a * z_ph, lambda: z_ph)
    finally:
      tf1.enable_control_flow_v2()
    inference = ed.GANInference({x_fake: x_ph}, linear_discriminator)
    with pytest.raises(ValueError, match=re.escape(
        "strategy (each replica computes its own copy of the model): cannot "
        "copy ") + r".* it is inside a TF1 control flow construct "
        r"\(while_loop or cond\)"):
      inference.initialize(n_print=0, strategy=strategy, var_list=[a])


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
      data_parallel.distribute_dataset(["/cpu:0", "/cpu:1"], dataset)


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
    assert data_parallel.is_chief(chief)
    assert not data_parallel.is_chief(other)
    initialize = ed.Inference.initialize
    assert data_parallel.initialize_arguments(
        chief, None, args, kwargs, initialize) == (args, kwargs, 300.0)
    assert data_parallel.initialize_arguments(
        other, None, args, kwargs, initialize) == (
            (), {"n_iter": 500, "n_print": 0, "logdir": None, "debug": True},
            300.0)


SUPPORTED = ("tf.distribute.MirroredStrategy, "
             "tf.compat.v1.distribute.MirroredStrategy or "
             "tf.compat.v1.distribute.experimental.MultiWorkerMirroredStrategy")


def unbuilt(cls):
  """An instance of a strategy class that cannot be made on this machine."""
  return cls.__new__(cls)


@pytest.mark.parametrize("make, name", [
    (lambda: tf.distribute.OneDeviceStrategy("/cpu:0"),
     "tf.distribute.OneDeviceStrategy"),
    (lambda: tf1.distribute.OneDeviceStrategy("/cpu:0"),
     "tf.compat.v1.distribute.OneDeviceStrategy"),
    (lambda: tf1.distribute.experimental.CentralStorageStrategy(
        ["/cpu:0", "/cpu:1"]),
     "tf.compat.v1.distribute.experimental.CentralStorageStrategy"),
    (lambda: unbuilt(tf.distribute.TPUStrategy), "tf.distribute.TPUStrategy"),
    (lambda: unbuilt(tf1.distribute.experimental.TPUStrategy),
     "tf.compat.v1.distribute.experimental.TPUStrategy"),
])
def test_strategies_with_one_copy_of_the_variables_are_refused_by_name(
    make, name):
  """Issue 16.5: made under strategy.scope() or not, the strategy is the
  problem, and the message says so (it said "not created under
  strategy.scope()")."""
  with test_util.fresh_session(config=TWO_CPUS):
    strategy = make()
    scope = (strategy.scope() if "TPU" not in name
             else tf1.variable_scope(""))
    with scope:
      inference, _, _ = gan()
    with pytest.raises(ValueError) as raised:
      inference.initialize(n_print=0, strategy=strategy)
    assert str(raised.value) == (
        "strategy: {} is not supported. edward_lite trains data-parallel with "
        "one copy of every variable per replica, under {}.".format(
            name, SUPPORTED))
    dataset = tf.data.Dataset.from_tensor_slices(np.zeros([8, 1])).batch(4)
    with pytest.raises(ValueError, match=re.escape(
        "strategy: {} is not supported.".format(name))):
      ed.inferences.distribute_dataset(strategy, dataset)


def test_tensorflow2_multi_worker_strategy_is_refused_with_the_v1_class():
  with tf1.Graph().as_default():
    strategy = unbuilt(tf.distribute.MultiWorkerMirroredStrategy)
    with pytest.raises(ValueError) as raised:
      data_parallel.initialize_arguments(
          strategy, None, (), {}, ed.Inference.initialize)
  assert str(raised.value).endswith(
      "TensorFlow 2's class needs eager execution; in graph mode use "
      "tf.compat.v1.distribute.experimental.MultiWorkerMirroredStrategy.")


def test_distribute_dataset_is_public():
  assert "distribute_dataset" in ed.inferences.__all__
  assert "finish_run" in ed.inferences.__all__
  assert ed.inferences.distribute_dataset is data_parallel.distribute_dataset


@pytest.mark.parametrize("timeout, error, message", [
    ("60", TypeError,
     "collective_timeout must be a number of seconds or None; got str."),
    (True, TypeError,
     "collective_timeout must be a number of seconds or None; got bool."),
    (0, ValueError,
     "collective_timeout must be positive (None waits for ever); got 0."),
    (-1.5, ValueError,
     "collective_timeout must be positive (None waits for ever); got -1.5."),
])
def test_collective_timeout_is_checked(timeout, error, message):
  with tf1.Graph().as_default():
    with pytest.raises(error, match=re.escape(message)):
      data_parallel.initialize_arguments(
          worker_strategy(0), None, (), {"collective_timeout": timeout},
          ed.Inference.initialize)


@pytest.mark.parametrize("given, expected", [
    ({}, 300.0), ({"collective_timeout": 7.5}, 7.5),
    ({"collective_timeout": None}, None)])
def test_collective_timeout_is_the_deadline_of_every_step(given, expected):
  """Issue 16.2: the step's session call carries the deadline; it never
  reaches Inference.initialize, which does not know the keyword."""
  with test_util.fresh_session(config=TWO_CPUS):
    strategy = worker_strategy(1)
    with strategy.scope():
      inference, _, _ = gan()
      inference.initialize(n_print=0, strategy=strategy, **given)
  runner = inference._step_runner  # pylint: disable=protected-access
  assert isinstance(runner, cluster.WorkerFaults)
  if expected is None:
    assert runner.run_options is None
  else:
    assert runner.run_options.timeout_in_ms == int(expected * 1000)


def test_single_machine_steps_have_no_deadline():
  with test_util.fresh_session(config=TWO_CPUS):
    strategy = mirrored()
    with strategy.scope():
      inference, _, _ = gan()
      inference.initialize(n_print=0, strategy=strategy,
                           collective_timeout=5)
  runner = inference._step_runner  # pylint: disable=protected-access
  assert not isinstance(runner, cluster.WorkerFaults)
  assert runner.run_options is None


@pytest.mark.parametrize("side", [None, "Gen", "Disc"])
def test_every_step_runs_both_losses_all_reduces(side):
  """Issue 16.1: a one-sided step on a worker runs the all-reduces of both
  losses, which the chief's summaries hold, so no worker waits for one
  another worker never runs."""
  with test_util.fresh_session(config=TWO_CPUS):
    strategy = worker_strategy(1)
    with strategy.scope():
      inference, _, _ = gan()
      inference.initialize(n_print=0, strategy=strategy)
  fetches = inference._fetches[side]  # pylint: disable=protected-access
  train, = [fetch for name, fetch in fetches.items()
            if name.startswith("train")]
  ran = set(upstream_ops(getattr(train, "op", train), control_inputs=True))
  assert inference.loss.op in ran and inference.loss_d.op in ran
  collectives = {op.type for op in ran}
  assert "CollectiveReduceV2" in collectives
