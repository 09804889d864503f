"""The benchmark's models, Edward's MNIST BiGAN and a convolutional one, and inputs.

The MLP model is that of Edward's examples/bigan.py: batch 100, encoder
784-300-50, generator 50-300-784 (sigmoid output), discriminator on the
concatenated pair 834-300-1, leaky ReLU written as `tf.maximum(x, 0.2x)`,
two `tf.train.AdamOptimizer()`, both train ops in one step. Its data
are synthetic: timing does not depend on pixel values, and that model's
rows must not need MNIST on disk.

The convolutional model (benchmarks/_conv_networks.py) is a DCGAN-style
BiGAN at MNIST size with batch norm, fed real MNIST digits when the run
is given their folder (`sizes["mnist"]`), synthetic ones otherwise (the
tests). Its sizes dicts carry `"model": "conv"`.

Every way trains its own copy of the model in its own graph and session
(edward_lite's own, as Edward's scripts use it), so that session options
and input pipelines do not interfere.
"""

import functools
import time

import numpy as np

import edward_lite as ed
import tensorflow.compat.v1 as tf

from edward_lite.datasets import mnist as read_mnist
from edward_lite.util.data_pipeline import dataset_from_arrays

from benchmarks._conv_networks import conv_networks

__all__ = [
    "CONV_BATCHES",
    "SIZES",
    "mlp_networks",
    "BiGAN",
    "array_datasets",
    "conv_sizes",
    "edward_batches",
    "generator_datasets",
    "is_conv",
    "noise_batches",
    "pools",
    "synthetic_images",
]

SIZES = {
    "full": dict(batch=100, pixels=784, latent=50, hidden=300, rows=10000),
    "tiny": dict(batch=4, pixels=12, latent=3, hidden=8, rows=40),
    # Channels (C1, C2) as DCGAN's discriminator on MNIST (64, then 128),
    # 4x4 kernels as InfoGAN's MNIST networks.
    "conv": dict(model="conv", batch=64, side=28, channels=[64, 128],
                 kernel=4, latent=50, mnist=None),
    "conv-tiny": dict(model="conv", batch=4, side=8, channels=[2, 4],
                      kernel=3, latent=3, mnist=None),
}
# The convolutional model's batch sizes: DCGAN's and Edward's.
CONV_BATCHES = (64, 100)

# Distinct batches the feed_dict ways cycle through, as a training loop
# feeds a new batch every step.
POOL = 16
LEAK = 0.2


def is_conv(sizes):
  return sizes.get("model") == "conv"


def conv_sizes(tiny, batch, mnist=None):
  """The convolutional model's sizes at `batch`, reading MNIST from `mnist`.

  Args:
    tiny: bool. The tests' sizes (8x8 images, a few channels).
    batch: int.
    mnist: str or None. Folder of MNIST's IDX files; None draws
      synthetic images.

  Returns:
    dict.

  Raises:
    ValueError: MNIST asked for at the tiny image size.
  """
  sizes = dict(SIZES["conv-tiny" if tiny else "conv"], batch=batch,
               mnist=mnist)
  if mnist is not None and sizes["side"] != 28:
    raise ValueError("MNIST digits are 28x28; the tiny sizes are not.")
  return sizes


def _leaky_relu(x):
  return tf.maximum(x, LEAK * x)


@functools.lru_cache(maxsize=2)
def _mnist_train(path):
  """MNIST's 60,000 training digits as uint8 rows, read once per process."""
  return read_mnist(path, dtype=np.uint8)[0][0]


def digit_images(sizes, count, rng):
  """`count` images [count, side, side, 1] in [0, 1] for the conv model.

  Real MNIST training digits, drawn at random, when `sizes["mnist"]`
  names their folder; uniform noise otherwise.
  """
  side = sizes["side"]
  if sizes.get("mnist") is None:
    return rng.uniform(0.0, 1.0, (count, side, side, 1)).astype(np.float32)
  train = _mnist_train(sizes["mnist"])
  rows = train[rng.choice(train.shape[0], count, replace=False)]
  return (rows.reshape(count, side, side, 1) / 255.0).astype(np.float32)


def model_images(sizes, count, rng):
  """`count` data rows in the shape the model's placeholder takes."""
  if is_conv(sizes):
    return digit_images(sizes, count, rng)
  return rng.binomial(1, 0.5, (count, sizes["pixels"])).astype(np.float32)


def synthetic_images(sizes, seed=0):
  """uint8 'images' standing in for MNIST's training set."""
  rng = np.random.RandomState(seed)
  return rng.randint(0, 256, (sizes["rows"], sizes["pixels"])).astype(
      np.uint8)


def edward_batches(images, batch_size, rng):
  """Edward's examples/bigan.py generator: next rows, scaled, binarized.

  The per-batch work (scaling and a Bernoulli draw per pixel) is the
  input preparation a feed_dict loop pays between two steps.
  """
  start = 0
  while True:
    stop = start + batch_size
    if stop <= images.shape[0]:
      batch = images[start:stop]
      start = stop
    else:
      batch = np.concatenate([images[start:], images[:stop - images.shape[0]]])
      start = stop - images.shape[0]
    yield rng.binomial(1, batch.astype(np.float32) / 255.0).astype(np.float32)


def noise_batches(sizes, rng):
  while True:
    yield rng.standard_normal((sizes["batch"], sizes["latent"])).astype(
        np.float32)


class BiGAN(object):
  """One copy of the model, with its inference, in a graph of its own.

  Args:
    sizes: dict, one of SIZES (or from `conv_sizes`).
    data: callable (x_ph, z_ph) -> dict of extra `data` entries (dataset
      or array bindings of the placeholders), or None.
    construct_only: bool. Make the inference but leave `initialize` to
      the caller (for `run()`).
    seed: int. Graph seed and the pool's.
    batch_norm: str. The conv model's batch norm, one of
      `_conv_networks.BATCH_NORMS`.
    **options: passed to `initialize`.
  """

  def __init__(self, sizes, data=None, construct_only=False, seed=42,
               batch_norm="edward_lite", **options):
    self.sizes = sizes
    self.graph = tf.Graph()
    with self.graph.as_default():
      ed.set_seed(seed)
      self.x_ph = tf.placeholder(tf.float32, _x_shape(sizes))
      self.z_ph = tf.placeholder(tf.float32, [sizes["batch"], sizes["latent"]])
      if is_conv(sizes):
        self.xf, self.zf, discriminator = conv_networks(
            sizes, self.x_ph, self.z_ph, batch_norm)
      else:
        self.xf, self.zf, discriminator = mlp_networks(sizes, self.x_ph,
                                                        self.z_ph)
      bound = {self.xf: self.x_ph}
      if data is not None:
        bound.update(data(self.x_ph, self.z_ph))
      start = time.perf_counter()
      self.inference = ed.BiGANInference({self.z_ph: self.zf}, bound,
                                         discriminator)
      self.construct_seconds = time.perf_counter() - start
      self.initialize_seconds = None
      if not construct_only:
        start = time.perf_counter()
        self.inference.initialize(
            optimizer=tf.train.AdamOptimizer(),
            optimizer_d=tf.train.AdamOptimizer(), **options)
        self.initialize_seconds = time.perf_counter() - start
        start = time.perf_counter()
        self.session.run(tf.global_variables_initializer())
        self.init_seconds = time.perf_counter() - start
      # TensorFlow's own batch norm leaves its moving averages here.
      self.update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    self.x_pool, self.z_pool = pools(sizes, seed)
    self._next = 0

  @property
  def session(self):
    with self.graph.as_default():
      return ed.get_session()

  def next_feed(self):
    """A new batch from the pool, as a feed_dict."""
    index = self._next % POOL
    self._next += 1
    return {self.x_ph: self.x_pool[index], self.z_ph: self.z_pool[index]}

  def fetch_list(self, variables=None):
    """The step's own fetches, as a plain list for `Session.run`.

    With TensorFlow's batch norm, the joint step also fetches its moving
    averages' updates, which edward_lite's layer makes inside the step.
    """
    fetches = ed.inferences.step_fetches(self.inference, variables)
    extra = self.update_ops if variables is None else []
    return [fetches[name] for name in sorted(fetches)] + extra

  def close(self):
    self.session.close()


def pools(sizes, seed=42):
  """The POOL batches of data and of codes a training loop cycles through.

  The same for every way and every copy (the workers' TF2 and PyTorch
  models get them from the parent).

  Returns:
    (list of data batches, list of code batches), float32 arrays.
  """
  rng = np.random.RandomState(seed)
  x_pool = [model_images(sizes, sizes["batch"], rng) for _ in range(POOL)]
  z_pool = [rng.standard_normal((sizes["batch"], sizes["latent"]))
            .astype(np.float32) for _ in range(POOL)]
  return x_pool, z_pool


def _x_shape(sizes):
  if is_conv(sizes):
    return [sizes["batch"], sizes["side"], sizes["side"], 1]
  return [sizes["batch"], sizes["pixels"]]


def mlp_networks(sizes, x_ph, z_ph):
  """Edward's MLPs: (G(z), E(x)) under "Gen", and the discriminator."""
  hidden = sizes["hidden"]
  with tf.variable_scope("Gen"):
    x_fake = tf.layers.dense(tf.layers.dense(z_ph, hidden, _leaky_relu),
                             sizes["pixels"], tf.sigmoid)
    z_fake = tf.layers.dense(tf.layers.dense(x_ph, hidden, _leaky_relu),
                             sizes["latent"])

  def discriminator(x, z):
    joint = tf.concat([x, z], 1)
    return tf.layers.dense(tf.layers.dense(joint, hidden, _leaky_relu), 1)

  return x_fake, z_fake, discriminator


def generator_datasets(sizes, x_ph, z_ph):
  images = synthetic_images(sizes)
  return {
      x_ph: tf.data.Dataset.from_generator(
          lambda: edward_batches(images, sizes["batch"],
                                 np.random.RandomState(1)),
          tf.float32, x_ph.shape),
      z_ph: tf.data.Dataset.from_generator(
          lambda: noise_batches(sizes, np.random.RandomState(2)),
          tf.float32, z_ph.shape),
  }


def array_datasets(sizes, x_ph, z_ph, rows):
  """`rows` data rows and codes as `dataset_from_arrays` datasets."""
  rng = np.random.RandomState(3)
  return {
      x_ph: dataset_from_arrays(model_images(sizes, rows, rng),
                                int(x_ph.shape[0])),
      z_ph: dataset_from_arrays(
          rng.standard_normal((rows, z_ph.shape[1])).astype(np.float32),
          int(z_ph.shape[0])),
  }
