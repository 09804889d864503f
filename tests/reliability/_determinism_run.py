"""A few GAN updates with tf.layers, tf_slim or tf_keras networks.

Everything random comes from `ed.set_seed`: the networks' initial
weights, the prior's draws (a stateful `tf.random.normal` in the graph)
and the data (NumPy's global generator). `train` returns the initial
weights' hash and the losses as hex floats, so that runs in two
processes can be compared (see _jobs.py).
"""

import hashlib

import numpy as np

# edward_lite first: it sets up TensorFlow (legacy Keras, graph mode)
# before tf_keras and tf_slim import it.
import edward_lite as ed  # pylint: disable=g-bad-import-order
from edward_lite._tf import tf, tf1
import tf_keras  # pylint: disable=g-bad-import-order
import tf_slim as slim

__all__ = ["STYLES", "train"]

BATCH, DX, DZ, HIDDEN, STEPS = 8, 3, 2, 6, 5
SCHEDULE = [None, "Disc", "Gen", None, None]


def _layers_networks():
  def generator(z):
    return tf1.layers.dense(tf1.layers.dense(z, HIDDEN, tf.nn.relu), DX)

  def discriminator(x):
    return tf1.layers.dense(tf1.layers.dense(x, HIDDEN, tf.nn.relu), 1)
  return generator, discriminator


def _slim_networks():
  def generator(z):
    return slim.fully_connected(slim.fully_connected(z, HIDDEN), DX,
                                activation_fn=None)

  def discriminator(x):
    return slim.fully_connected(slim.fully_connected(x, HIDDEN), 1,
                                activation_fn=None)
  return generator, discriminator


def _keras_networks():
  # Keras models share their weights by object, not by variable scope:
  # one model serves both discriminator calls. It is built at its first
  # call, inside the "Disc" scope, so its weights are named under it.
  critic = tf_keras.Sequential([
      tf_keras.layers.Dense(HIDDEN, activation="relu"),
      tf_keras.layers.Dense(1)])

  def generator(z):
    net = tf_keras.Sequential([
        tf_keras.layers.Dense(HIDDEN, activation="relu"),
        tf_keras.layers.Dense(DX)])
    return net(z)
  return generator, critic


STYLES = {"tf.layers": _layers_networks, "tf_slim": _slim_networks,
          "tf_keras": _keras_networks}


def train(style, seed):
  """Builds and trains a GAN in the default graph (which must be empty).

  Returns:
    dict: "weights", a hash of the initial trainable weights; "names",
    the discriminator's and generator's variable names; "losses", each
    update's (loss, loss_d) as hex floats.
  """
  ed.set_seed(seed)
  generator, discriminator = STYLES[style]()
  x_ph = tf1.placeholder(tf.float32, [BATCH, DX])
  with tf1.variable_scope("Gen"):
    x_fake = generator(tf.random.normal([BATCH, DZ]))
  inference = ed.GANInference({x_fake: x_ph}, discriminator)
  inference.initialize(optimizer="adam", optimizer_d="rmsprop", n_print=0)
  sess = ed.get_session()
  tf1.global_variables_initializer().run()
  digest = hashlib.sha256()
  for value in sess.run(tf1.trainable_variables()):
    digest.update(np.ascontiguousarray(value).tobytes())
  # Data from NumPy's global generator, which set_seed seeded.
  data = np.random.randn(STEPS, BATCH, DX).astype(np.float32) + 1.5
  losses = []
  for step in range(STEPS):
    info = inference.update({x_ph: data[step]}, SCHEDULE[step])
    losses.append([float(info["loss"]).hex(), float(info["loss_d"]).hex()])
  return {"weights": digest.hexdigest(),
          "names": sorted(v.name for v in tf1.trainable_variables()),
          "losses": losses}
