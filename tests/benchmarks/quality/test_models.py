"""The benchmarks' MLP BiGAN: the batch-normalized generator, against NumPy."""

import numpy as np

from benchmarks.quality.models import Bigan, Config


def _config(**kwargs):
  base = Config(latent_dim=3, hidden=5, layers=2, activation="relu",
                output="sigmoid", learning_rate=1e-3, batch_size=4,
                n_iter=2, reconstruction_weight=0.0)
  return base._replace(**kwargs)


def _generator_weights(model):
  with model.graph.as_default():
    import tensorflow.compat.v1 as tf  # pylint: disable=g-import-not-at-top
    variables = tf.global_variables(scope="Gen/generator")
    return {v.op.name[len("Gen/generator/"):]: model.sess.run(v)
            for v in variables}


def test_batch_normalized_generator_uses_the_batch_statistics():
  model = Bigan(6, _config(batch_norm=True), seed=0)
  weights = _generator_weights(model)
  z = np.random.RandomState(1).randn(7, 3).astype(np.float32)
  # NumPy: dense without bias, normalize by the batch's mean and biased
  # variance (epsilon 0.001), scale by gamma, shift by beta, ReLU.
  net = z
  for layer, norm in (("dense", "BatchNorm"), ("dense_1", "BatchNorm_1")):
    assert layer + "/bias" not in weights
    net = net @ weights[layer + "/kernel"]
    mean, variance = net.mean(0), net.var(0)
    net = (net - mean) / np.sqrt(variance + 0.001)
    net = np.maximum(net * weights[norm + "/gamma"] + weights[norm + "/beta"],
                     0.0)
  logits = net @ weights["dense_2/kernel"] + weights["dense_2/bias"]
  expected = 1.0 / (1.0 + np.exp(-logits))
  np.testing.assert_allclose(model.decode(z), expected, rtol=1e-4,
                             atol=1e-5)
  # A row's output depends on the rest of its batch.
  assert not np.allclose(model.decode(z[:3]), expected[:3], atol=1e-4)
  model.close()


def test_without_batch_norm_the_generator_is_a_plain_mlp():
  model = Bigan(6, _config(), seed=0)
  weights = _generator_weights(model)
  assert not any("BatchNorm" in name for name in weights)
  z = np.random.RandomState(1).randn(7, 3).astype(np.float32)
  net = z
  for layer in ("dense", "dense_1"):
    net = np.maximum(net @ weights[layer + "/kernel"] +
                     weights[layer + "/bias"], 0.0)
  logits = net @ weights["dense_2/kernel"] + weights["dense_2/bias"]
  np.testing.assert_allclose(model.decode(z), 1.0 / (1.0 + np.exp(-logits)),
                             rtol=1e-4, atol=1e-5)
  # Row by row, the same numbers.
  np.testing.assert_allclose(model.decode(z[:3]), model.decode(z)[:3],
                             rtol=1e-5, atol=1e-6)
  model.close()


def test_batch_norm_trains_its_scale_and_offset():
  model = Bigan(6, _config(batch_norm=True), seed=0)
  before = _generator_weights(model)
  rng = np.random.RandomState(2)
  batches = iter([rng.rand(4, 6).astype(np.float32) for _ in range(3)])
  model.train_steps(batches, 3)
  after = _generator_weights(model)
  assert not np.allclose(before["BatchNorm/gamma"], after["BatchNorm/gamma"])
  assert not np.allclose(before["BatchNorm/beta"], after["BatchNorm/beta"])
  # The moving averages are never updated: batch statistics only.
  np.testing.assert_array_equal(after["BatchNorm/moving_mean"],
                                np.zeros(5, np.float32))
  model.close()


def test_batch_norm_is_off_unless_asked():
  assert _config().batch_norm is False
