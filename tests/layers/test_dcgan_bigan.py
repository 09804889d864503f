"""A DCGAN-style BiGAN with batch norm in every block, trained by BiGANInference.

The networks are shaped like the 2017 scripts that used
`tf.contrib.layers.batch_norm` (now `edward_lite.layers.batch_norm`):
dense and transposed convolutions with batch norm and ReLU in the
generator, strided convolutions with batch norm and leaky ReLU in the
encoder and discriminator. Edward's update() runs only the training
ops, so its users ran UPDATE_OPS themselves after each step; the test
does the same and checks the moving averages against the batches the
layers saw.
"""

import numpy as np

import edward_lite as ed
from edward_lite import datasets
from edward_lite._tf import tf1
from edward_lite.layers import batch_norm

M = 32
Z_DIM = 8
DECAY = 0.9


def _lrelu(x):
  return tf1.maximum(0.2 * x, x)


def _networks(x_ph, z_ph, is_training):
  """Returns (generated images, encoded codes, pre-batch-norm tensor)."""
  bn = dict(decay=DECAY, is_training=is_training, scale=True)
  with tf1.variable_scope("Gen"):
    with tf1.variable_scope("generator"):
      pre_bn = tf1.reshape(tf1.layers.dense(z_ph, 2 * 2 * 16), [M, 2, 2, 16])
      h = tf1.nn.relu(batch_norm(pre_bn, scope="bn0", **bn))
      h = tf1.layers.conv2d_transpose(h, 8, 3, strides=2, padding="same")
      h = tf1.nn.relu(batch_norm(h, scope="bn1", **bn))
      xf = tf1.sigmoid(tf1.layers.conv2d_transpose(h, 1, 3, strides=2,
                                                   padding="same"))
    with tf1.variable_scope("encoder"):
      h = _lrelu(tf1.layers.conv2d(x_ph, 8, 3, strides=2, padding="same"))
      h = tf1.layers.conv2d(h, 16, 3, strides=2, padding="same")
      h = _lrelu(batch_norm(h, scope="bn1", **bn))
      zf = tf1.layers.dense(tf1.layers.flatten(h), Z_DIM)

  def discriminator(x, z):
    h = _lrelu(tf1.layers.conv2d(x, 8, 3, strides=2, padding="same"))
    h = tf1.layers.conv2d(h, 16, 3, strides=2, padding="same")
    h = _lrelu(batch_norm(h, scope="bn1", **bn))
    return tf1.layers.dense(tf1.concat([tf1.layers.flatten(h), z], 1), 1)

  return xf, zf, pre_bn, discriminator


def test_dcgan_bigan_with_batch_norm_trains_and_keeps_its_averages(sess):
  del sess
  ed.set_seed(0)
  images, _ = datasets.digits()
  images = images.reshape(-1, 8, 8, 1)
  x_ph = tf1.placeholder(tf1.float32, [M, 8, 8, 1])
  z_ph = tf1.placeholder(tf1.float32, [M, Z_DIM])
  is_training = tf1.placeholder_with_default(True, [])
  xf, zf, pre_bn, discriminator = _networks(x_ph, z_ph, is_training)
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)
  n_iter = 300
  inference.initialize(
      optimizer=tf1.train.AdamOptimizer(5e-4, beta1=0.5),
      optimizer_d=tf1.train.AdamOptimizer(5e-4, beta1=0.5),
      n_iter=n_iter, n_print=0)
  update_ops = tf1.get_collection(tf1.GraphKeys.UPDATE_OPS)
  # Two per batch norm call: the generator's two, the encoder's one and
  # the discriminator's, called on the data pair and on the model pair.
  assert len(update_ops) == 2 * 5
  # The moving statistics are not trained by either optimizer.
  trained = set(tf1.trainable_variables())
  assert not any("moving" in v.op.name for v in trained)

  sess = ed.get_session()
  sess.run(tf1.global_variables_initializer())
  rng = np.random.RandomState(1)
  z_eval = rng.randn(M, Z_DIM).astype(np.float32)
  mean_image = images.mean(axis=0)

  def sample_distance():
    samples = sess.run(xf, {z_ph: z_eval, x_ph: images[:M],
                            is_training: False})
    return np.sqrt(np.mean((samples.mean(axis=0) - mean_image) ** 2))

  before = sample_distance()
  batch_means, batch_variances = [], []
  for _ in range(n_iter):
    feed = {x_ph: images[rng.choice(len(images), M, replace=False)],
            z_ph: rng.randn(M, Z_DIM).astype(np.float32)}
    info = inference.update(feed)
    _, seen = sess.run([update_ops, pre_bn], feed)
    seen = seen.astype(np.float64)
    batch_means.append(seen.mean(axis=(0, 1, 2)))
    batch_variances.append(seen.var(axis=(0, 1, 2), ddof=1))
  assert info["t"] == n_iter
  assert np.isfinite(info["loss"]) and np.isfinite(info["loss_d"])

  # moving = decay * moving + (1 - decay) * batch value, once per step,
  # from 0 (mean) and 1 (variance); the variance is the unbiased one, as
  # contrib's fused kernel gave for rank-4 inputs.
  moving_mean, moving_variance = np.zeros(16), np.ones(16)
  for mean, variance in zip(batch_means, batch_variances):
    moving_mean = DECAY * moving_mean + (1 - DECAY) * mean
    moving_variance = DECAY * moving_variance + (1 - DECAY) * variance
  variables = {v.op.name: v for v in tf1.global_variables()}
  np.testing.assert_allclose(
      sess.run(variables["Gen/generator/bn0/moving_mean"]), moving_mean,
      rtol=1e-4, atol=1e-6)
  np.testing.assert_allclose(
      sess.run(variables["Gen/generator/bn0/moving_variance"]),
      moving_variance, rtol=1e-4)

  # Sampling with is_training=False uses those averages. The untrained
  # generator draws a flat grey near 0.5 (0.327 from the digits' mean
  # image); the best any flat image can do is the mean's own spread
  # around its average (0.261). The trained one beats every flat image
  # (0.207 on this seed), so it has learned where the strokes are.
  best_flat = np.sqrt(np.mean((mean_image - mean_image.mean()) ** 2))
  assert best_flat < before
  assert sample_distance() < best_flat
