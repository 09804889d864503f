"""The convolutional BiGAN of the speed benchmark, in TF1 as DCGAN scripts wrote it.

At MNIST size, shaped like the DCGAN-style GAN code that the upgrade tool
serves (InfoGAN's MNIST networks, DCGAN's placement of batch norm):

- generator: dense from the code to 7x7xC2, batch norm, ReLU; a stride-2
  transposed convolution to 14x14xC1, batch norm, ReLU; a stride-2
  transposed convolution to 28x28x1, sigmoid;
- encoder: a stride-2 convolution to 14x14xC1, leaky ReLU (no batch norm
  on the input layer, as DCGAN); a stride-2 convolution to 7x7xC2, batch
  norm, leaky ReLU; dense to the code;
- discriminator on the pair: the encoder's two convolutions on the
  image, the code concatenated to their flattened output, dense to one
  logit.

Kernels KxK, "same" padding, biases everywhere, leaky ReLU as
`tf.maximum(x, 0.2 * x)` (Edward's and DCGAN's). Batch norm takes
DCGAN-tensorflow's arguments: `decay=0.9, epsilon=1e-5, scale=True,
updates_collections=None` (the moving averages are updated inside the
step, which Edward's `update()` runs; with UPDATE_OPS they would never
be).
"""

import edward_lite as ed  # noqa: F401  (graph mode before TensorFlow)
import tensorflow.compat.v1 as tf
from edward_lite.layers import batch_norm

__all__ = ["BATCH_NORMS", "conv_networks"]

LEAK = 0.2
# How the networks normalize: edward_lite's layer (what the upgrade tool
# rewrites tf.contrib.layers.batch_norm to), the same with `fused=False`
# (contrib's unfused code), and TensorFlow's own fused layer, whose
# moving averages go to UPDATE_OPS (the step must fetch them).
BATCH_NORMS = ("edward_lite", "edward_lite_unfused", "tf_fused")


def _leaky_relu(x):
  return tf.maximum(x, LEAK * x)


def _normalizer(kind):
  """A function (tensor, name) -> batch-normalized tensor, in training mode."""
  if kind not in BATCH_NORMS:
    raise ValueError("batch norm must be one of {}; got {!r}.".format(
        BATCH_NORMS, kind))
  if kind == "tf_fused":
    return lambda h, name: tf.layers.batch_normalization(
        h, momentum=0.9, epsilon=1e-5, training=True, fused=True, name=name)
  fused = False if kind == "edward_lite_unfused" else None
  return lambda h, name: batch_norm(
      h, decay=0.9, epsilon=1e-5, scale=True, updates_collections=None,
      is_training=True, fused=fused, scope=name)


def _image_features(x, sizes, normalize):
  """The encoder's and discriminator's two convolutions, flattened."""
  first, second = sizes["channels"]
  kernel = sizes["kernel"]
  h = _leaky_relu(tf.layers.conv2d(x, first, kernel, strides=2,
                                   padding="same", name="conv0"))
  h = tf.layers.conv2d(h, second, kernel, strides=2, padding="same",
                       name="conv1")
  h = _leaky_relu(normalize(h, "bn1"))
  return tf.layers.flatten(h)


def conv_networks(sizes, x_ph, z_ph, batch_norm_kind="edward_lite"):
  """Builds the generator and encoder under "Gen"; returns the discriminator.

  Args:
    sizes: dict with "side" (image side, a multiple of 4), "channels"
      (C1, C2), "kernel" and "latent".
    x_ph: float32 placeholder [batch, side, side, 1].
    z_ph: float32 placeholder [batch, latent].
    batch_norm_kind: one of BATCH_NORMS.

  Returns:
    (x_fake, z_fake, discriminator): G(z) [batch, side, side, 1], E(x)
    [batch, latent], and a function (x, z) -> logits for BiGANInference.
  """
  normalize = _normalizer(batch_norm_kind)
  first, second = sizes["channels"]
  quarter = sizes["side"] // 4
  kernel = sizes["kernel"]
  with tf.variable_scope("Gen"):
    with tf.variable_scope("generator"):
      h = tf.layers.dense(z_ph, quarter * quarter * second, name="dense")
      h = tf.reshape(h, [-1, quarter, quarter, second])
      h = tf.nn.relu(normalize(h, "bn0"))
      h = tf.layers.conv2d_transpose(h, first, kernel, strides=2,
                                     padding="same", name="deconv0")
      h = tf.nn.relu(normalize(h, "bn1"))
      x_fake = tf.sigmoid(tf.layers.conv2d_transpose(
          h, 1, kernel, strides=2, padding="same", name="deconv1"))
    with tf.variable_scope("encoder"):
      z_fake = tf.layers.dense(_image_features(x_ph, sizes, normalize),
                               sizes["latent"], name="dense")

  def discriminator(x, z):
    joint = tf.concat([_image_features(x, sizes, normalize), z], 1)
    return tf.layers.dense(joint, 1, name="logit")

  return x_fake, z_fake, discriminator
