"""Small-MLP BiGANs, built and trained the way Edward's examples did.

Every benchmark run builds one `Bigan` in a fresh graph and session:
a generator G and an encoder E under "Gen", a joint discriminator D(x, z)
under "Disc", `ed.BiGANInference` with Adam (beta1 = 0.5) on both
sides, and a loop of `inference.update` on minibatches of data and prior
draws z ~ N(0, I).
"""

import collections

import numpy as np

import edward_lite as ed
import tensorflow.compat.v1 as tf

from edward_lite import datasets, layers

__all__ = ["Bigan", "Config"]

# hidden: units per hidden layer; layers: hidden layers of each network;
# output: "linear" or "sigmoid" (pixels in [0, 1]); activation: "leaky_relu"
# or "relu"; reconstruction_weight: ALICE's lambda (0.0 is Edward's BiGAN).
# Optional, edward_lite's options of BiGANInference.initialize, off by
# default: reconstruction_reduction ("mean" or "sum" over a row's
# elements), ema_decay (None: no weight averaging), alad (ALAD's D_xx
# and D_zz discriminators), spectral_norm (of every discriminator) and
# final_learning_rate (None: constant; else both learning rates fall
# linearly to it over n_iter). batch_norm: the generator's hidden layers
# are batch-normalized (statistics of the batch at hand, in training and
# when sampling, as DCGAN does), before their activation. encoder_hidden:
# units per hidden layer of the encoder alone (None: `hidden`).
# dropout: the rate of dropout on the input of each of the joint
# discriminator's layers (ALI's and Goodfellow et al.'s regularizer of
# D), in training and when scoring alike; 0.0 is none. conv_channels:
# 0 for MLPs; C > 0, for 28x28 images, makes the generator DCGAN's shape
# (dense to 7x7xC, stride-2 4x4 transposed convolutions to 14x14xC/2
# and 28x28x1, ReLU, batch norm as `batch_norm` says) and gives the joint
# discriminator a convolutional trunk on x (stride-2 4x4 convolutions to
# 14x14xC/2 and 7x7xC, leaky ReLU) whose flattened output meets z in its
# dense layers; the encoder stays an MLP.
Config = collections.namedtuple("Config", [
    "latent_dim", "hidden", "layers", "activation", "output",
    "learning_rate", "batch_size", "n_iter", "reconstruction_weight",
    "reconstruction_reduction", "ema_decay", "alad", "spectral_norm",
    "final_learning_rate", "batch_norm", "encoder_hidden", "dropout",
    "conv_channels"])
Config.__new__.__defaults__ = ("mean", None, False, False, None, False,
                               None, 0.0, 0)

_ACTIVATIONS = {"leaky_relu": tf.nn.leaky_relu, "relu": tf.nn.relu}
_OUTPUTS = {"linear": None, "sigmoid": tf.sigmoid}


class Bigan(object):
  """A BiGAN on rows of `data_dim` numbers, in its own graph and session."""

  def __init__(self, data_dim, config, seed):
    self.config = config
    self.graph = tf.Graph()
    self.sess = tf.Session(graph=self.graph, config=tf.ConfigProto(
        intra_op_parallelism_threads=1, inter_op_parallelism_threads=1))
    with self.graph.as_default(), self.sess.as_default():
      ed.set_seed(seed)
      self._build(data_dim)
      tf.global_variables_initializer().run()
    self.rng = np.random.RandomState(seed)

  def _mlp(self, inputs, n_outputs, output, batch_norm=False, hidden=None,
           dropout=0.0):
    hidden = hidden or self.config.hidden
    activation = _ACTIVATIONS[self.config.activation]
    net = inputs
    for _ in range(self.config.layers):
      if dropout:
        net = tf.nn.dropout(net, rate=dropout)
      if batch_norm:
        net = tf.layers.dense(net, hidden, use_bias=False)
        net = self._normalized(net, activation)
      else:
        net = tf.layers.dense(net, hidden, activation)
    if dropout:
      net = tf.nn.dropout(net, rate=dropout)
    return tf.layers.dense(net, n_outputs, _OUTPUTS[output])

  def _normalized(self, net, activation):
    # The moving averages are never read (batch statistics always), so
    # their update ops go to a collection nobody runs.
    return activation(layers.batch_norm(
        net, scale=True, updates_collections="unused_bn_updates"))

  def _conv_generator(self, z, data_dim):
    channels, norm = self.config.conv_channels, self.config.batch_norm
    net = tf.layers.dense(z, 7 * 7 * channels, use_bias=not norm)
    net = tf.reshape(net, [-1, 7, 7, channels])
    net = self._normalized(net, tf.nn.relu) if norm else tf.nn.relu(net)
    net = tf.layers.conv2d_transpose(net, channels // 2, 4, strides=2,
                                     padding="same", use_bias=not norm)
    net = self._normalized(net, tf.nn.relu) if norm else tf.nn.relu(net)
    net = tf.layers.conv2d_transpose(net, 1, 4, strides=2, padding="same",
                                     activation=_OUTPUTS[self.config.output])
    return tf.reshape(net, [-1, data_dim])

  def _image_trunk(self, x):
    activation = _ACTIVATIONS[self.config.activation]
    channels = self.config.conv_channels
    net = tf.reshape(x, [-1, 28, 28, 1])
    net = tf.layers.conv2d(net, channels // 2, 4, strides=2, padding="same",
                           activation=activation)
    net = tf.layers.conv2d(net, channels, 4, strides=2, padding="same",
                           activation=activation)
    return tf.reshape(net, [-1, 7 * 7 * channels])

  def _build(self, data_dim):
    config = self.config
    if config.conv_channels and data_dim != 28 * 28:
      raise ValueError("conv_channels needs 28x28 images (784 pixels); got "
                       "data_dim {}.".format(data_dim))
    self.x_ph = tf.placeholder(tf.float32, [None, data_dim])
    self.z_ph = tf.placeholder(tf.float32, [None, config.latent_dim])
    with tf.variable_scope("Gen"):
      with tf.variable_scope("generator"):
        if config.conv_channels:
          self.xf = self._conv_generator(self.z_ph, data_dim)
        else:
          self.xf = self._mlp(self.z_ph, data_dim, config.output,
                              config.batch_norm)
      with tf.variable_scope("encoder"):
        self.zf = self._mlp(self.x_ph, config.latent_dim, "linear",
                            hidden=config.encoder_hidden)

    def discriminator(x, z):
      if config.conv_channels:
        x = self._image_trunk(x)
      return self._mlp(tf.concat([x, z], 1), 1, "linear",
                       dropout=config.dropout)

    self.inference = ed.BiGANInference({self.z_ph: self.zf},
                                       {self.xf: self.x_ph}, discriminator)
    kwargs = {}
    if config.reconstruction_weight:
      kwargs["reconstruction_weight"] = config.reconstruction_weight
      kwargs["reconstruction_reduction"] = config.reconstruction_reduction
    if config.ema_decay:
      kwargs["ema_decay"] = config.ema_decay
    if config.alad:
      kwargs["alad"] = True
    if config.spectral_norm:
      kwargs["spectral_norm"] = True
    learning_rate = config.learning_rate
    if config.final_learning_rate is not None:
      step = tf.Variable(0, trainable=False, name="step", dtype=tf.int64)
      kwargs["global_step"] = step
      learning_rate = tf.train.polynomial_decay(
          config.learning_rate, step, config.n_iter,
          config.final_learning_rate)
    self.inference.initialize(
        optimizer=tf.train.AdamOptimizer(learning_rate, beta1=0.5),
        optimizer_d=tf.train.AdamOptimizer(learning_rate, beta1=0.5),
        n_iter=config.n_iter, n_print=0, **kwargs)

  def train(self, x_train, seed):
    """Runs `config.n_iter` joint updates on shuffled minibatches."""
    batches = datasets.generator(x_train, self.config.batch_size, seed=seed)
    self.train_steps(batches, self.config.n_iter)

  def train_steps(self, batches, steps):
    """Runs `steps` joint updates on the next minibatches of `batches`.

    Training in several calls, with the same iterator, runs the same
    updates as one call of all the steps.
    """
    batch_size = self.config.batch_size
    with self.graph.as_default(), self.sess.as_default():
      for _ in range(steps):
        z_batch = self.rng.randn(batch_size, self.config.latent_dim)
        self.inference.update({self.x_ph: next(batches), self.z_ph: z_batch})

  def encode(self, x):
    """E(x), with the averaged weights when the config keeps them."""
    with self.graph.as_default(), self.sess.as_default():
      return self.inference.networks.encode(x)

  def decode(self, z):
    """G(z), with the averaged weights when the config keeps them."""
    with self.graph.as_default(), self.sess.as_default():
      return self.inference.networks.generate(z)

  def sample(self, n, seed):
    prior = np.random.RandomState(seed).randn(n, self.config.latent_dim)
    return self.decode(prior)

  def anomaly_score(self, x, kind, normal_x=None):
    """`criticisms.anomaly_score` of the rows of `x` (alpha = 0.9).

    `normal_x`, the normal training rows, is given to the kinds that fit
    or standardize on normal data ("code-density", "combined") only.
    """
    kwargs = {}
    if kind in ("code-density", "combined"):
      kwargs["normal_x"] = normal_x
    with self.graph.as_default(), self.sess.as_default():
      return ed.criticisms.anomaly_score(self.inference, x, alpha=0.9,
                                         kind=kind, **kwargs)

  def close(self):
    self.sess.close()
