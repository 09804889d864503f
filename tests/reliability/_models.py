"""Tiny GAN and BiGAN models with fixed weights, and their NumPy losses.

The reliability tests build these again and again (after refused calls,
in several scopes of one graph, in subprocesses), so they live here.
Every network is linear so that the first step's losses can be computed
in float64 by hand.
"""

import numpy as np

from edward_lite._tf import tf, tf1

__all__ = [
    "BIGAN_DX", "BIGAN_DZ", "GAN_BATCH", "build_bigan_pieces",
    "build_gan_pieces", "disc_names", "linear_disc", "linear_pair_disc",
    "numpy_bigan_losses", "numpy_gan_losses", "softplus",
]

GAN_BATCH = 6
BIGAN_DX, BIGAN_DZ = 3, 2

_RNG = np.random.RandomState(7)
GAN_X = (_RNG.randn(GAN_BATCH, 1) + 2.0).astype(np.float32)
GAN_Z = _RNG.randn(GAN_BATCH, 1).astype(np.float32)
GAN_A, GAN_C = np.float32(1.3), np.float32(0.4)
DISC_W, DISC_B = np.array([[0.7]], np.float32), np.array([-0.2], np.float32)

BIGAN_X = _RNG.randn(GAN_BATCH, BIGAN_DX).astype(np.float32)
BIGAN_Z = _RNG.randn(GAN_BATCH, BIGAN_DZ).astype(np.float32)
GEN_W = (_RNG.randn(BIGAN_DZ, BIGAN_DX) * 0.5).astype(np.float32)
ENC_W = (_RNG.randn(BIGAN_DX, BIGAN_DZ) * 0.5).astype(np.float32)
PAIR_W = (_RNG.randn(BIGAN_DX + BIGAN_DZ, 1) * 0.5).astype(np.float32)
PAIR_B = np.array([0.1], np.float32)


def softplus(x):
  x = np.asarray(x, np.float64)
  return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0.0)


def linear_disc(x):
  """d(x) = x w + b, its variables made with tf.get_variable."""
  weight = tf1.get_variable("w", initializer=tf.constant(DISC_W))
  bias = tf1.get_variable("b", initializer=tf.constant(DISC_B))
  return tf.matmul(tf.convert_to_tensor(x), weight) + bias


def linear_pair_disc(x, z):
  """d(x, z) = [x, z] w + b."""
  weight = tf1.get_variable("w", initializer=tf.constant(PAIR_W))
  bias = tf1.get_variable("b", initializer=tf.constant(PAIR_B))
  joint = tf.concat([tf.convert_to_tensor(x), tf.convert_to_tensor(z)], 1)
  return tf.matmul(joint, weight) + bias


def build_gan_pieces(gen_scope="Gen"):
  """(x_ph, z_ph, x_fake, a, c): x_fake = a z + c, made under `gen_scope`."""
  x_ph = tf1.placeholder(tf.float32, [GAN_BATCH, 1], name="x")
  z_ph = tf1.placeholder(tf.float32, [GAN_BATCH, 1], name="z")
  with tf1.variable_scope(gen_scope):
    a = tf1.get_variable("a", initializer=tf.constant(GAN_A))
    c = tf1.get_variable("c", initializer=tf.constant(GAN_C))
    x_fake = a * z_ph + c
  return x_ph, z_ph, x_fake, a, c


def build_bigan_pieces():
  """(x_ph, z_ph, x_fake, z_fake): G(z) = z W_g, E(x) = x W_e under "Gen"."""
  x_ph = tf1.placeholder(tf.float32, [GAN_BATCH, BIGAN_DX], name="x")
  z_ph = tf1.placeholder(tf.float32, [GAN_BATCH, BIGAN_DZ], name="z")
  with tf1.variable_scope("Gen"):
    gen_w = tf1.get_variable("gen_w", initializer=tf.constant(GEN_W))
    enc_w = tf1.get_variable("enc_w", initializer=tf.constant(ENC_W))
    x_fake = tf.matmul(z_ph, gen_w)
    z_fake = tf.matmul(x_ph, enc_w)
  return x_ph, z_ph, x_fake, z_fake


def numpy_gan_losses(a=GAN_A, c=GAN_C, w=DISC_W, b=DISC_B, x=GAN_X, z=GAN_Z):
  """Edward's GAN losses (loss, loss_d) in float64."""
  x, z = np.asarray(x, np.float64), np.asarray(z, np.float64)
  w, b = np.asarray(w, np.float64), np.asarray(b, np.float64)
  d_true = x @ w + b
  d_fake = (np.float64(a) * z + np.float64(c)) @ w + b
  loss = np.mean(softplus(-d_fake))
  loss_d = np.mean(softplus(-d_true)) + np.mean(softplus(d_fake))
  return loss, loss_d


def numpy_bigan_losses(x=BIGAN_X, z=BIGAN_Z):
  """Edward's BiGAN losses (loss, loss_d) in float64, initial weights."""
  x, z = np.asarray(x, np.float64), np.asarray(z, np.float64)
  d_data = np.concatenate([x, x @ ENC_W], 1) @ PAIR_W + PAIR_B
  d_model = np.concatenate([z @ GEN_W, z], 1) @ PAIR_W + PAIR_B
  # Edward's discriminator labels the model's pair (G(z), z) 1 and the
  # data's pair (x, E(x)) 0; the encoder and generator want the reverse.
  loss_d = np.mean(softplus(-d_model) + softplus(d_data))
  loss = np.mean(softplus(d_model) + softplus(-d_data))
  return loss, loss_d


def disc_names(inference):
  """The sorted names of the variables the discriminator's optimizer trains."""
  return sorted(v.name for _, v in inference.grads_and_vars_d)
