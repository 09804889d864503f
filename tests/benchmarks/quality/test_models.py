"""The benchmarks' MLP BiGAN: the batch-normalized generator, against NumPy."""

import collections

import numpy as np
import pytest

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


def test_encoder_hidden_widens_the_encoder_alone():
  model = Bigan(6, _config(encoder_hidden=9), seed=0)
  with model.graph.as_default():
    import tensorflow.compat.v1 as tf  # pylint: disable=g-import-not-at-top
    shapes = {v.op.name: tuple(v.shape.as_list())
              for v in tf.trainable_variables()}
  assert shapes["Gen/encoder/dense/kernel"] == (6, 9)
  assert shapes["Gen/encoder/dense_1/kernel"] == (9, 9)
  assert shapes["Gen/encoder/dense_2/kernel"] == (9, 3)
  assert shapes["Gen/generator/dense_1/kernel"] == (5, 5)
  assert shapes["Disc/dense_1/kernel"] == (5, 5)
  model.close()
  assert _config().encoder_hidden is None


def _discriminate(model, x, z):
  with model.graph.as_default(), model.sess.as_default():
    return model.inference.networks.discriminate(x, z)


def test_dropout_makes_the_joint_discriminator_alone_stochastic():
  rng = np.random.RandomState(3)
  x = rng.rand(200, 6).astype(np.float32)
  z = rng.randn(200, 3).astype(np.float32)
  plain = Bigan(6, _config(), seed=0)
  np.testing.assert_array_equal(_discriminate(plain, x, z),
                                _discriminate(plain, x, z))
  plain.close()
  model = Bigan(6, _config(dropout=0.5), seed=0)
  first, second = _discriminate(model, x, z), _discriminate(model, x, z)
  # (A row whose last hidden units all drop gives the bias, 0, twice.)
  assert np.mean(first != second) > 0.5
  # The encoder and the generator have no dropout: the same codes twice.
  np.testing.assert_array_equal(model.encode(x), model.encode(x))
  np.testing.assert_array_equal(model.decode(z), model.decode(z))
  with model.graph.as_default():
    import tensorflow.compat.v1 as tf  # pylint: disable=g-import-not-at-top
    dropouts = [op.name for op in model.graph.get_operations()
                if op.type == "RandomUniform"]
  # Each call of the joint discriminator (the data pairs, the model
  # pairs, the pairs `discriminate` feeds) drops the inputs of its three
  # layers; nothing outside it drops anything.
  calls = collections.Counter(name.split("/dropout")[0] for name in dropouts)
  assert calls == {"Disc": 3, "Disc_1": 3, "networks/Disc": 3}, dropouts
  del tf
  model.close()
  assert _config().dropout == 0.0


def _transposed_conv(x, kernel, bias):
  """NumPy: stride 2, 'same' padding, 4x4 kernel [kh, kw, out, in]."""
  n, side, _, _ = x.shape
  out = np.zeros((n, 2 * side + 2, 2 * side + 2, kernel.shape[2]))
  for i in range(side):
    for j in range(side):
      # Input pixel (i, j) spreads over output rows 2i-1 .. 2i+2: one row
      # of padding above, as TensorFlow splits an even total of two.
      out[:, 2 * i:2 * i + 4, 2 * j:2 * j + 4, :] += np.einsum(
          "nc,abdc->nabd", x[:, i, j, :], kernel)
  return out[:, 1:2 * side + 1, 1:2 * side + 1, :] + bias


def _conv(x, kernel, bias):
  """NumPy: stride 2, 'same' padding, 4x4 kernel [kh, kw, in, out]."""
  n, side, _, _ = x.shape
  padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
  out = np.zeros((n, side // 2, side // 2, kernel.shape[3]))
  for i in range(side // 2):
    for j in range(side // 2):
      out[:, i, j, :] = np.einsum(
          "nabc,abcd->nd", padded[:, 2 * i:2 * i + 4, 2 * j:2 * j + 4, :],
          kernel)
  return out + bias


def _leaky(x):
  return np.where(x > 0, x, 0.2 * x)


def _variables(model, scope):
  with model.graph.as_default():
    import tensorflow.compat.v1 as tf  # pylint: disable=g-import-not-at-top
    return {v.op.name[len(scope) + 1:]: model.sess.run(v)
            for v in tf.global_variables(scope=scope)}


def test_conv_networks_against_numpy():
  model = Bigan(784, _config(latent_dim=3, activation="leaky_relu",
                             conv_channels=4), seed=0)
  g = _generator_weights(model)
  z = np.random.RandomState(1).randn(5, 3).astype(np.float32)
  net = np.maximum(z @ g["dense/kernel"] + g["dense/bias"], 0.0)
  net = np.maximum(_transposed_conv(net.reshape(5, 7, 7, 4),
                                    g["conv2d_transpose/kernel"],
                                    g["conv2d_transpose/bias"]), 0.0)
  assert net.shape == (5, 14, 14, 2)
  logits = _transposed_conv(net, g["conv2d_transpose_1/kernel"],
                            g["conv2d_transpose_1/bias"])
  x = 1.0 / (1.0 + np.exp(-logits.reshape(5, 784)))
  np.testing.assert_allclose(model.decode(z), x, rtol=1e-4, atol=1e-5)
  # The joint discriminator: two convolutions on x, then its MLP on
  # [flattened features, z].
  d = _variables(model, "Disc")
  h = _leaky(_conv(x.reshape(5, 28, 28, 1), d["conv2d/kernel"],
                   d["conv2d/bias"]))
  h = _leaky(_conv(h, d["conv2d_1/kernel"], d["conv2d_1/bias"]))
  assert h.shape == (5, 7, 7, 4)
  net = np.concatenate([h.reshape(5, -1), z], 1)
  for layer in ("dense", "dense_1"):
    net = _leaky(net @ d[layer + "/kernel"] + d[layer + "/bias"])
  expected = (net @ d["dense_2/kernel"] + d["dense_2/bias"])[:, 0]
  with model.graph.as_default(), model.sess.as_default():
    got = model.inference.networks.discriminate(x.astype(np.float32), z)
  np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
  model.close()
  assert _config().conv_channels == 0


def test_conv_networks_need_28x28_images():
  with pytest.raises(ValueError, match=r"conv_channels needs 28x28 images "
                     r"\(784 pixels\); got data_dim 6\."):
    Bigan(6, _config(conv_channels=4), seed=0)
