"""MirroredStrategy over two logical CPUs equals one device on the global batch.

Each test trains the same model twice, once with
`initialize(strategy=...)` and once without, from the same variable
values and on the same global batches, and compares the losses of every
update and the final variables.

Tolerances: a replica sums half the batch and the all-reduce adds the two
halves, so each mean differs from the one-device mean by a few float32
roundings (about 1e-7 relative); over a handful of steps that stays well
below rtol=1e-5 (Adam's normalized steps and tf.layers' MLPs included).
"""

import contextlib
import glob
import os

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.inferences import distribute_dataset
from tests import test_util
from tests.distribute.replicas import (
    TWO_CPUS, assert_same_training, mirrored, replica_values, train)
from tests.inferences.linear_models import (
    A_G, B_D, C_G, W_D, linear_discriminator, np_sigmoid)

RTOL, ATOL = 1e-5, 1e-6
N = 8  # global batch: 4 examples per replica
STEPS = 6
RNG = np.random.RandomState(0)
X_BATCHES = [RNG.randn(N, 1).astype(np.float32) + 2.0 for _ in range(STEPS)]
Z_BATCHES = [RNG.randn(N, 1).astype(np.float32) for _ in range(STEPS)]
SIDES = [None, "Gen", "Disc", None, "Disc", None]


def linear_gan(regularized=False, batch=N, cls=ed.GANInference):
  """x_fake = a z + c under "Gen"; z is fed with an unknown batch size."""
  x_ph = tf1.placeholder(tf.float32, [batch, 1])
  z_ph = tf1.placeholder(tf.float32, [None, 1])
  with tf1.variable_scope("Gen"):
    a = tf1.get_variable("a", initializer=A_G)
    c = tf1.get_variable("c", initializer=C_G)
    x_fake = a * z_ph + c
    if regularized:
      # get_variable(regularizer=...) fails in cross-replica context (TF
      # colocates the term with `a.handle`); the collection is Edward's API.
      tf1.add_to_collection(tf1.GraphKeys.REGULARIZATION_LOSSES,
                            0.3 * tf.square(a))

  def discriminator(x):
    if not regularized:
      return linear_discriminator(x)
    weight = tf1.get_variable("w", initializer=tf.constant(W_D),
                              regularizer=lambda v: 0.2 * tf.reduce_sum(v**2))
    bias = tf1.get_variable("b", initializer=tf.constant(B_D))
    return tf.matmul(x, weight) + bias

  inference = cls({x_fake: x_ph}, discriminator)
  return inference, {"x": x_ph, "z": z_ph}


def gan_feeds(steps=STEPS):
  return [lambda p, i=i: {p["x"]: X_BATCHES[i], p["z"]: Z_BATCHES[i]}
          for i in range(steps)]


def compare(build, feeds, sides, **initialize_kwargs):
  distributed = train(build, feeds, sides, strategy=mirrored,
                      **initialize_kwargs)
  single = train(build, feeds, sides, initial=distributed["initial"],
                 **initialize_kwargs)
  assert_same_training(single, distributed, RTOL, ATOL)
  return single, distributed


@pytest.mark.parametrize("optimizers", ["sgd", "default", "named"])
def test_gan_equals_one_device_on_the_global_batch(optimizers):
  if optimizers == "sgd":
    kwargs = {"optimizer": tf1.train.GradientDescentOptimizer(0.5),
              "optimizer_d": tf1.train.GradientDescentOptimizer(0.5)}
  elif optimizers == "default":  # Edward's Adam, decayed on a global step
    kwargs = {}
  else:
    kwargs = {"optimizer": "rmsprop", "optimizer_d": "adam"}

  def fresh_optimizers():
    # Optimizer objects belong to one graph: make them per run.
    if optimizers != "sgd":
      return dict(kwargs)
    return {"optimizer": tf1.train.GradientDescentOptimizer(0.5),
            "optimizer_d": tf1.train.GradientDescentOptimizer(0.5)}

  runs = []
  for strategy in (mirrored, None):
    runs.append(train(linear_gan, gan_feeds(), SIDES, strategy=strategy,
                      n_print=0, **fresh_optimizers()))
  assert_same_training(runs[1], runs[0], RTOL, ATOL)
  # Something was learned: the comparison is not between two idle runs.
  assert not np.isclose(runs[0]["final"]["Gen/a:0"], A_G)


def test_one_update_is_the_hand_computed_sgd_step_on_the_global_batch():
  lr = 0.5
  x, z = X_BATCHES[0].astype(np.float64), Z_BATCHES[0].astype(np.float64)
  w, b = float(W_D[0, 0]), float(B_D[0])
  x_fake = A_G * z + C_G
  d_true, d_fake = x * w + b, x_fake * w + b
  # Means over all N examples, as Edward's objective on one device.
  g_fake = -np_sigmoid(-d_fake) / N
  grad_a, grad_c = np.sum(g_fake * w * z), np.sum(g_fake * w)
  g_true_d, g_fake_d = -np_sigmoid(-d_true) / N, np_sigmoid(d_fake) / N
  grad_w = np.sum(g_true_d * x + g_fake_d * x_fake)
  grad_b = np.sum(g_true_d + g_fake_d)

  run = train(linear_gan, gan_feeds(1), strategy=mirrored, n_print=0,
              optimizer=tf1.train.GradientDescentOptimizer(lr),
              optimizer_d=tf1.train.GradientDescentOptimizer(lr))
  final = run["final"]
  np.testing.assert_allclose(final["Gen/a:0"], A_G - lr * grad_a, rtol=1e-5)
  np.testing.assert_allclose(final["Gen/c:0"], C_G - lr * grad_c, rtol=1e-5)
  np.testing.assert_allclose(final["Disc/w:0"][0, 0], w - lr * grad_w,
                             rtol=1e-5)
  np.testing.assert_allclose(final["Disc/b:0"][0], b - lr * grad_b, rtol=1e-5)


def test_unscaled_v1_apply_gradients_sums_the_replicas_gradients():
  """The trap: without 1/num_replicas, a step is num_replicas times too long.

  Each replica's loss is the mean over its half of the batch; a v1
  optimizer under the strategy adds the two gradients, which is twice
  the gradient of the mean over the whole batch.
  """
  x = X_BATCHES[0]
  lr, w0 = 0.1, 1.5
  # d/dw of mean((w x)^2) / 2 over the whole batch is mean(w x^2).
  one_device_step = lr * np.mean(w0 * x.astype(np.float64)**2)

  def run(factor):
    with tf1.Graph().as_default():
      strategy = mirrored()
      with strategy.scope():
        weight = tf1.get_variable("w", initializer=w0)
      x_ph = tf1.placeholder(tf.float32, [N, 1])

      def replica_step():
        index = tf.get_static_value(
            tf.distribute.get_replica_context().replica_id_in_sync_group)
        half = x_ph[index * N // 2:(index + 1) * N // 2]
        loss = tf.reduce_mean(tf.square(weight * half)) / 2.0
        grad, = tf.gradients(loss * factor, [weight])
        return tf1.train.GradientDescentOptimizer(lr).apply_gradients(
            [(grad, weight)])

      step = strategy.group(strategy.extended.call_for_each_replica(
          replica_step))
      with tf1.Session(config=TWO_CPUS) as sess:
        sess.run(tf1.global_variables_initializer())
        sess.run(step, {x_ph: x})
        return w0 - sess.run(weight)

  np.testing.assert_allclose(run(1.0), 2.0 * one_device_step, rtol=1e-5)
  np.testing.assert_allclose(run(0.5), one_device_step, rtol=1e-5)


def test_regularizers_of_both_sides_count_once_over_the_replicas():
  compare(lambda: linear_gan(regularized=True), gan_feeds(), SIDES,
          n_print=0, optimizer=tf1.train.GradientDescentOptimizer(0.3),
          optimizer_d=tf1.train.GradientDescentOptimizer(0.3))


BIGAN_DX, BIGAN_DZ, HIDDEN = 5, 2, 8
BIGAN_X = [RNG.rand(N, BIGAN_DX).astype(np.float32) for _ in range(5)]
BIGAN_Z = [RNG.randn(N, BIGAN_DZ).astype(np.float32) for _ in range(5)]


def squared(weight):
  return lambda kernel: weight * tf.reduce_sum(tf.square(kernel))


def mlp_bigan():
  """The README's BiGAN, small: tf.layers MLPs, batch size left open."""
  x_ph = tf1.placeholder(tf.float32, [None, BIGAN_DX])
  z_ph = tf1.placeholder(tf.float32, [None, BIGAN_DZ])
  with tf1.variable_scope("Gen"):
    x_fake = tf1.layers.dense(
        tf1.layers.dense(z_ph, HIDDEN, tf.nn.relu), BIGAN_DX, tf.sigmoid)
    z_fake = tf1.layers.dense(
        tf1.layers.dense(x_ph, HIDDEN, tf.nn.relu,
                         kernel_regularizer=squared(0.05)), BIGAN_DZ)

  def discriminator(x, z):
    hidden = tf1.layers.dense(tf.concat([x, z], 1), HIDDEN, tf.nn.leaky_relu,
                              kernel_regularizer=squared(0.1))
    return tf1.layers.dense(hidden, 1)

  inference = ed.BiGANInference({z_ph: z_fake}, {x_fake: x_ph}, discriminator)
  return inference, {"x": x_ph, "z": z_ph}


def test_bigan_mlp_equals_one_device_and_replicas_stay_equal():
  feeds = [lambda p, i=i: {p["x"]: BIGAN_X[i], p["z"]: BIGAN_Z[i]}
           for i in range(5)]

  def replica_copies(sess, inference, strategy):
    if strategy is None:
      return None
    return {v.name: replica_values(sess, v, strategy)
            for v in tf1.trainable_variables()}

  kwargs = dict(n_print=0, after=replica_copies)
  distributed = train(mlp_bigan, feeds, strategy=mirrored,
                      optimizer=tf1.train.AdamOptimizer(1e-2, beta1=0.5),
                      **kwargs)
  single = train(mlp_bigan, feeds, initial=distributed["initial"],
                 optimizer=tf1.train.AdamOptimizer(1e-2, beta1=0.5), **kwargs)
  assert_same_training(single, distributed, RTOL, ATOL)
  for name, (first, second) in distributed["after"].items():
    np.testing.assert_array_equal(first, second, err_msg=name)
  assert len(distributed["after"]) == 12  # 4 dense layers of 2 + 2 in D


def test_bigan_moving_average_equals_one_device_and_replicas_stay_equal():
  feeds = [lambda p, i=i: {p["x"]: BIGAN_X[i], p["z"]: BIGAN_Z[i]}
           for i in range(5)]

  def averages(sess, inference, strategy):
    shadows = [v for v in tf1.global_variables()
               if v.name.endswith("/ExponentialMovingAverage:0")]
    copies = {v.name: (replica_values(sess, v, strategy) if strategy
                       else [sess.run(v)]) for v in shadows}
    networks = inference.networks
    return (copies, networks.encode(BIGAN_X[0]),
            networks.reconstruct(BIGAN_X[0]))

  kwargs = dict(n_print=0, after=averages, ema_decay=0.5)
  distributed = train(mlp_bigan, feeds, strategy=mirrored,
                      optimizer=tf1.train.AdamOptimizer(1e-2, beta1=0.5),
                      **kwargs)
  single = train(mlp_bigan, feeds, initial=distributed["initial"],
                 optimizer=tf1.train.AdamOptimizer(1e-2, beta1=0.5), **kwargs)
  assert_same_training(single, distributed, RTOL, ATOL)
  copies, codes, reconstructions = distributed["after"]
  one_copy, one_codes, one_reconstructions = single["after"]
  # One average per weight of the encoder and the generator.
  assert sorted(copies) == sorted(one_copy) and len(copies) == 8
  for name, (first, second) in copies.items():
    np.testing.assert_array_equal(first, second, err_msg=name)
    np.testing.assert_allclose(first, one_copy[name][0], rtol=RTOL,
                               atol=ATOL, err_msg=name)
    weight = name.replace("/ExponentialMovingAverage", "")
    # An average of five steps' weights, not the last step's.
    assert not np.allclose(first, distributed["final"][weight]), name
  # The averaged networks read the averages, as on one device.
  np.testing.assert_allclose(codes, one_codes, rtol=RTOL, atol=ATOL)
  np.testing.assert_allclose(reconstructions, one_reconstructions,
                             rtol=RTOL, atol=ATOL)


def linear_wgan():
  return linear_gan(cls=ed.WGANInference)


def test_wgan_with_clipping_equals_one_device():
  compare(linear_wgan, gan_feeds(), SIDES, n_print=0, penalty=None,
          clip=0.5, optimizer=tf1.train.GradientDescentOptimizer(0.2),
          optimizer_d=tf1.train.GradientDescentOptimizer(0.2))


def test_wgan_gradient_penalty_keeps_replicas_equal():
  """Random interpolation: no one-device twin, but copies must agree."""
  def copies(sess, inference, strategy):
    return {v.name: replica_values(sess, v, strategy)
            for v in tf1.trainable_variables()}

  run = train(linear_wgan, gan_feeds(), SIDES, strategy=mirrored, n_print=0,
              penalty=10.0, after=copies)
  for name, (first, second) in run["after"].items():
    np.testing.assert_array_equal(first, second, err_msg=name)
  assert all(np.isfinite(info["loss_d"]) for info in run["infos"])


def mirrored_v2():
  """The TF2 class (tf.distribute.MirroredStrategy) works in graph mode too."""
  return tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])


@pytest.mark.parametrize("strategy", [mirrored, mirrored_v2],
                         ids=["compat.v1", "v2"])
def test_distributed_dataset_equals_one_device_fed_the_same_batches(strategy):
  x_all = np.concatenate(X_BATCHES)
  z_all = np.concatenate(Z_BATCHES)

  def dataset_gan():
    strategy = tf.distribute.get_strategy()
    dataset = tf.data.Dataset.from_tensor_slices((x_all, z_all)).batch(
        N, drop_remainder=True)
    (x_batch, z_batch), initializer = distribute_dataset(strategy, dataset)
    with tf1.variable_scope("Gen"):
      a = tf1.get_variable("a", initializer=A_G)
      c = tf1.get_variable("c", initializer=C_G)
      x_fake = a * z_batch + c
    inference = ed.GANInference({x_fake: x_batch}, linear_discriminator)
    return inference, {"initializer": initializer}

  optimizers = dict(optimizer=tf1.train.GradientDescentOptimizer(0.5),
                    optimizer_d=tf1.train.GradientDescentOptimizer(0.5))
  distributed = train(dataset_gan, [lambda p: {}] * STEPS, SIDES,
                      strategy=strategy, n_print=0, **optimizers)
  single = train(linear_gan, gan_feeds(), SIDES, n_print=0,
                 optimizer=tf1.train.GradientDescentOptimizer(0.5),
                 optimizer_d=tf1.train.GradientDescentOptimizer(0.5))
  assert_same_training(single, distributed, RTOL, ATOL)


def test_each_update_is_one_session_call_and_t_counts_calls(monkeypatch):
  def counted(sess, inference, strategy):
    counter = test_util.CountingSession(sess)
    monkeypatch.setattr("edward_lite.inferences.inference.get_session",
                        lambda: counter)
    ts = [inference.update({inference.x_ph: X_BATCHES[0],
                            inference.z_ph: Z_BATCHES[0]}, side)["t"]
          for side in SIDES]
    return ts, counter.runs

  def build():
    inference, placeholders = linear_gan()
    inference.x_ph, inference.z_ph = placeholders["x"], placeholders["z"]
    return inference, placeholders

  run = train(build, [], strategy=mirrored, n_print=0, after=counted)
  ts, calls = run["after"]
  assert ts == list(range(1, len(SIDES) + 1))
  assert calls == len(SIDES)


def test_chief_writes_the_losses_update_returns(tmp_path):
  def read(sess, inference, strategy):
    inference.finalize()
    files = glob.glob(os.path.join(str(tmp_path), "*", "events.*"))
    by_step = {}
    for event in tf1.train.summary_iterator(files[0]):
      for value in event.summary.value:
        by_step.setdefault(event.step, {})[value.tag] = value.simple_value
    return by_step

  run = train(linear_gan, gan_feeds(4), strategy=mirrored, n_iter=4,
              n_print=2, logdir=str(tmp_path), after=read)
  for step in (1, 2, 4):
    info = run["infos"][step - 1]
    np.testing.assert_allclose(run["after"][step]["loss"], info["loss"],
                               rtol=1e-6)
    np.testing.assert_allclose(run["after"][step]["loss/discriminative"],
                               info["loss_d"], rtol=1e-6)


def test_each_replica_reads_its_own_copy_of_every_variable():
  """Equal values hide it, so look at the graph: replica 1 computes from the
  copies on its own device, never from the first device's."""
  def handles_read(sess, inference, strategy):
    per_replica = {}
    for grad, _ in inference.grads_and_vars + inference.grads_and_vars_d:
      for replica, tensor in enumerate(
          strategy.experimental_local_results(grad)):
        stack, seen = [tensor.op], set()
        while stack:
          op = stack.pop()
          if op in seen:
            continue
          seen.add(op)
          if op.type == "VarHandleOp":
            per_replica.setdefault(replica, set()).add(op.name)
          stack.extend(t.op for t in op.inputs)
    return per_replica

  run = train(mlp_bigan, [], strategy=mirrored, n_print=0, after=handles_read)
  first, second = run["after"][0], run["after"][1]
  assert len(first) == 12
  assert all("replica_1" not in name for name in first)
  assert sorted(second) == sorted(name + "/replica_1" for name in first)


def test_alice_reconstruction_term_equals_one_device():
  """BiGANInference's reconstruction_weight copies G for E(x) per replica."""
  feeds = [lambda p, i=i: {p["x"]: BIGAN_X[i], p["z"]: BIGAN_Z[i]}
           for i in range(3)]
  compare(mlp_bigan, feeds, None, n_print=0, reconstruction_weight=2.0,
          optimizer=tf1.train.GradientDescentOptimizer(0.1),
          optimizer_d=tf1.train.GradientDescentOptimizer(0.1))


def test_run_takes_the_strategy_like_initialize():
  """run(strategy=...) reaches initialize; its steps equal one device's."""
  def run_three(strategy):
    with test_util.fresh_session(seed=42, config=TWO_CPUS) as sess:
      made = strategy() if strategy is not None else None
      with made.scope() if made is not None else contextlib.nullcontext():
        x_ph = tf1.placeholder(tf.float32, [N, 1])
        z_ph = tf1.placeholder(tf.float32, [N, 1])
        with tf1.variable_scope("Gen"):
          x_fake = tf1.get_variable("a", initializer=A_G) * z_ph
        # run() feeds what `data` binds to placeholders.
        inference = ed.GANInference(
            {x_fake: x_ph, x_ph: X_BATCHES[0], z_ph: Z_BATCHES[0]},
            linear_discriminator)
      inference.run(n_iter=3, n_print=0, strategy=made,
                    optimizer=tf1.train.GradientDescentOptimizer(0.5),
                    optimizer_d=tf1.train.GradientDescentOptimizer(0.5))
      return sess.run(inference.t), {v.name: sess.run(v)
                                     for v in tf1.trainable_variables()}

  (t_distributed, distributed), (t_single, single) = (
      run_three(mirrored), run_three(None))
  assert t_distributed == t_single == 3
  assert sorted(distributed) == sorted(single)
  for name, value in single.items():
    np.testing.assert_allclose(distributed[name], value, rtol=RTOL,
                               atol=ATOL, err_msg=name)
  assert not np.isclose(single["Gen/a:0"], A_G)


def edward_style_bigan():
  """Edward's examples/bigan.py networks: tf.maximum(x, 0.2 * x) everywhere."""
  def leaky(t):
    return tf.maximum(t, 0.2 * t)

  x_ph = tf1.placeholder(tf.float32, [None, BIGAN_DX])
  z_ph = tf1.placeholder(tf.float32, [None, BIGAN_DZ])
  with tf1.variable_scope("Gen"):
    x_fake = tf1.layers.dense(tf1.layers.dense(z_ph, HIDDEN, leaky),
                              BIGAN_DX, tf.sigmoid)
    z_fake = tf1.layers.dense(tf1.layers.dense(x_ph, HIDDEN, leaky),
                              BIGAN_DZ)

  def discriminator(x, z):
    return tf1.layers.dense(
        tf1.layers.dense(tf.concat([x, z], 1), HIDDEN, leaky), 1)

  inference = ed.BiGANInference({z_ph: z_fake}, {x_fake: x_ph}, discriminator)
  return inference, {"x": x_ph, "z": z_ph}


def test_lean_gradients_under_the_strategy_equal_one_plain_device():
  """Each replica builds its own lean gradients (ALICE's copy included)."""
  feeds = [lambda p, i=i: {p["x"]: BIGAN_X[i], p["z"]: BIGAN_Z[i]}
           for i in range(4)]
  kwargs = dict(n_print=0, reconstruction_weight=1.0,
                after=lambda sess, inference, strategy: [
                    op.type for op in sess.graph.get_operations()])
  distributed = train(edward_style_bigan, feeds, strategy=mirrored,
                      lean_gradients=True,
                      optimizer=tf1.train.AdamOptimizer(1e-2, beta1=0.5),
                      **kwargs)
  single = train(edward_style_bigan, feeds, initial=distributed["initial"],
                 lean_gradients=False,
                 optimizer=tf1.train.AdamOptimizer(1e-2, beta1=0.5), **kwargs)
  assert_same_training(single, distributed, RTOL, ATOL)
  assert not np.allclose(distributed["final"]["Disc/dense/kernel:0"],
                         distributed["initial"]["Disc/dense/kernel:0"])
  # The lean gradients were built (in each replica); the plain run has none.
  assert distributed["after"].count("LeakyReluGrad") > 0
  assert single["after"].count("LeakyReluGrad") == 0
