"""A digit classifier that judges generated digits, trained once per data.

The inception-style score and the Frechet distance of generated digits
need a classifier of real ones: its class probabilities p(y | x) and its
last hidden layer as features (as FID uses Inception's pool layer). This
one is an MLP of two hidden layers of 512 ReLU units with dropout,
trained with Adam, its rate falling linearly to 0, on the training
digits only, in its own graph. `Judge` runs it in NumPy
from the trained weights, so that the benchmark's workers share one
classifier: `cached_judge` trains it the first time and keeps its
weights in a file keyed by the data, the seed and the settings.
"""

import hashlib
import os

import numpy as np

__all__ = ["Judge", "cached_judge", "train_judge"]

HIDDEN = 512
LAYERS = 2
EPOCHS = 20
BATCH_SIZE = 100
LEARNING_RATE = 1e-3
# Share of the hidden units dropped in training: without it the MLP
# overfits the 60,000 digits (97.5% on the test set after 10 epochs).
DROPOUT = 0.3


class Judge(object):
  """A trained MLP classifier, run in NumPy.

  Args:
    weights: list of (kernel, bias) pairs, hidden layers first, the
      logits layer last.
  """

  def __init__(self, weights):
    self.weights = [(np.asarray(w, np.float32), np.asarray(b, np.float32))
                    for w, b in weights]

  def features(self, x):
    """The last hidden layer's ReLU activations, shape (n, HIDDEN)."""
    net = np.asarray(x, np.float32)
    for kernel, bias in self.weights[:-1]:
      net = np.maximum(net @ kernel + bias, 0.0)
    return net

  def probabilities(self, x):
    """p(y | x), shape (n, classes)."""
    kernel, bias = self.weights[-1]
    logits = (self.features(x) @ kernel + bias).astype(np.float64)
    logits -= logits.max(axis=1, keepdims=True)
    weights = np.exp(logits)
    return weights / weights.sum(axis=1, keepdims=True)

  def accuracy(self, x, labels):
    return float(np.mean(np.argmax(self.probabilities(x), axis=1) == labels))


def train_judge(x_train, y_train, seed, epochs=EPOCHS):
  """Trains the classifier on (x_train, y_train); returns a `Judge`.

  Args:
    x_train: float array of shape (n, d), pixels in [0, 1].
    y_train: int array of shape (n,), labels 0 to K - 1.
    seed: int. Seed of the initial weights and the minibatch order.
    epochs: int. Passes over the training digits.
  """
  import edward_lite as ed  # pylint: disable=g-import-not-at-top
  import tensorflow.compat.v1 as tf  # pylint: disable=g-import-not-at-top
  from edward_lite import datasets  # pylint: disable=g-import-not-at-top
  n_classes = int(np.max(y_train)) + 1
  graph = tf.Graph()
  with graph.as_default(), tf.Session(graph=graph) as sess:
    ed.set_seed(seed)
    x_ph = tf.placeholder(tf.float32, [None, x_train.shape[1]])
    y_ph = tf.placeholder(tf.int64, [None])
    net = x_ph
    for _ in range(LAYERS):
      net = tf.layers.dense(net, HIDDEN, tf.nn.relu)
      net = tf.nn.dropout(net, rate=DROPOUT)
    logits = tf.layers.dense(net, n_classes)
    loss = tf.losses.sparse_softmax_cross_entropy(y_ph, logits)
    n_steps = epochs * len(x_train) // BATCH_SIZE
    step = tf.train.get_or_create_global_step()
    rate = tf.train.polynomial_decay(LEARNING_RATE, step, n_steps, 0.0)
    train = tf.train.AdamOptimizer(rate).minimize(loss, global_step=step)
    sess.run(tf.global_variables_initializer())
    batches = datasets.generator([x_train, y_train], BATCH_SIZE, seed=seed)
    for _ in range(n_steps):
      x_batch, y_batch = next(batches)
      sess.run(train, {x_ph: x_batch, y_ph: y_batch})
    # Dropout is a training device only: Judge runs the full network.
    values = sess.run(tf.trainable_variables())
  return Judge(list(zip(values[0::2], values[1::2])))


def cached_judge(x_train, y_train, seed, cache_dir):
  """`train_judge`'s classifier, from `cache_dir` when trained before.

  The file's name holds a hash of the data, the seed and the settings,
  so other data or settings train a new classifier.
  """
  digest = hashlib.sha256()
  for part in (np.ascontiguousarray(x_train, np.float32),
               np.ascontiguousarray(y_train, np.int64)):
    digest.update(part.tobytes())
  digest.update(repr((seed, HIDDEN, LAYERS, EPOCHS, BATCH_SIZE,
                      LEARNING_RATE, DROPOUT)).encode())
  path = os.path.join(cache_dir, "judge-{}.npz".format(
      digest.hexdigest()[:16]))
  if os.path.exists(path):
    with np.load(path) as stored:
      n_layers = len(stored.files) // 2
      return Judge([(stored["w%d" % i], stored["b%d" % i])
                    for i in range(n_layers)])
  judge = train_judge(x_train, y_train, seed)
  os.makedirs(cache_dir, exist_ok=True)
  arrays = {}
  for i, (kernel, bias) in enumerate(judge.weights):
    arrays["w%d" % i], arrays["b%d" % i] = kernel, bias
  # Written whole, then renamed: a worker never reads half a file.
  partial = path + ".partial.npz"
  np.savez(partial, **arrays)
  os.replace(partial, path)
  return judge
