"""The benchmark's model, Edward's MNIST BiGAN, and its inputs.

The model is that of Edward's examples/bigan.py: batch 100, encoder
784-300-50, generator 50-300-784 (sigmoid output), discriminator on the
concatenated pair 834-300-1, leaky ReLU written as `tf.maximum(x, 0.2x)`,
two `tf.train.AdamOptimizer()`, both train ops in one step. Data are
synthetic: timing does not depend on pixel values, and the benchmark
must not need MNIST on disk.

Every way trains its own copy of the model in its own graph and session
(edward_lite's own, as Edward's scripts use it), so that session options
and input pipelines do not interfere.
"""

import time

import numpy as np

import edward_lite as ed
import tensorflow.compat.v1 as tf

from edward_lite.util.data_pipeline import dataset_from_arrays

__all__ = [
    "SIZES",
    "BiGAN",
    "array_datasets",
    "edward_batches",
    "generator_datasets",
    "noise_batches",
    "synthetic_images",
]

SIZES = {
    "full": dict(batch=100, pixels=784, latent=50, hidden=300, rows=10000),
    "tiny": dict(batch=4, pixels=12, latent=3, hidden=8, rows=40),
}

# Distinct batches the feed_dict ways cycle through, as a training loop
# feeds a new batch every step.
POOL = 16
LEAK = 0.2


def _leaky_relu(x):
  return tf.maximum(x, LEAK * x)


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
    sizes: dict, one of SIZES.
    data: callable (x_ph, z_ph) -> dict of extra `data` entries (dataset
      or array bindings of the placeholders), or None.
    construct_only: bool. Make the inference but leave `initialize` to
      the caller (for `run()`).
    **options: passed to `initialize`.
  """

  def __init__(self, sizes, data=None, construct_only=False, seed=42,
               **options):
    self.sizes = sizes
    self.graph = tf.Graph()
    with self.graph.as_default():
      ed.set_seed(seed)
      self.x_ph = tf.placeholder(tf.float32, [sizes["batch"], sizes["pixels"]])
      self.z_ph = tf.placeholder(tf.float32, [sizes["batch"], sizes["latent"]])
      hidden = sizes["hidden"]
      with tf.variable_scope("Gen"):
        self.xf = tf.layers.dense(
            tf.layers.dense(self.z_ph, hidden, _leaky_relu),
            sizes["pixels"], tf.sigmoid)
        self.zf = tf.layers.dense(
            tf.layers.dense(self.x_ph, hidden, _leaky_relu), sizes["latent"])

      def discriminator(x, z):
        joint = tf.concat([x, z], 1)
        return tf.layers.dense(tf.layers.dense(joint, hidden, _leaky_relu), 1)

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
    rng = np.random.RandomState(seed)
    self.x_pool = [rng.binomial(1, 0.5, (sizes["batch"], sizes["pixels"]))
                   .astype(np.float32) for _ in range(POOL)]
    self.z_pool = [rng.standard_normal((sizes["batch"], sizes["latent"]))
                   .astype(np.float32) for _ in range(POOL)]
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
    """The step's own fetches, as a plain list for `Session.run`."""
    fetches = ed.inferences.step_fetches(self.inference, variables)
    return [fetches[name] for name in sorted(fetches)]

  def close(self):
    self.session.close()


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


def array_datasets(x_ph, z_ph, rows):
  rng = np.random.RandomState(3)
  return {
      x_ph: dataset_from_arrays(
          rng.binomial(1, 0.5, (rows, x_ph.shape[1])).astype(np.float32),
          int(x_ph.shape[0])),
      z_ph: dataset_from_arrays(
          rng.standard_normal((rows, z_ph.shape[1])).astype(np.float32),
          int(z_ph.shape[0])),
  }
