"""Input without feed_dict: `tf.data.Dataset` values in an inference's data.

Edward fed every batch through `feed_dict`: the batch is prepared in
Python, between two session calls, and copied into the graph each step.
A `tf.data.Dataset` given in `data` instead is read by an iterator inside
the graph, with the next batches prepared (prefetched) while the current
step runs.

Two ways to bind one:

- to the generated tensor or random variable, as any observed value:
  `data={x_fake: dataset}`; the iterator's output takes the data's place.
- to a placeholder the model was built on: `data={x_ph: dataset}` (e.g.
  BiGAN's `{xf: x_ph, x_ph: dataset}`, where the encoder reads `x_ph`
  too). Each update then connects the iterator's output to the
  placeholder for that step, inside one session call; the graph is not
  changed, so `sess.run(zf, {x_ph: batch})` still works as before.

`dataset_from_arrays` turns NumPy arrays into such a dataset through
placeholders that initialise the iterator: the arrays are never embedded
in the graph definition (which is limited to 2 GB and copied whole into
every event file).
"""

import numbers
import weakref

import numpy as np

from edward_lite._tf import tf, tf1
from edward_lite.util.graph_walk import upstream_ops

__all__ = [
    "DatasetInput",
    "dataset_from_arrays",
    "is_dataset",
]

# Graph -> {placeholder name: array}: what initialises the iterators of
# datasets made by `dataset_from_arrays`, kept for as long as the graph
# lives so that an iterator can be initialised again (in a new session).
_ARRAY_FEEDS = weakref.WeakKeyDictionary()


def is_dataset(value):
  """Whether `value` is a `tf.data.Dataset` (TF1 or TF2 flavour).

  Args:
    value: anything.

  Returns:
    bool.
  """
  return isinstance(value, (tf.data.Dataset, tf1.data.Dataset))


def dataset_from_arrays(arrays, batch_size, shuffle=False, seed=None):
  """Endless batches of NumPy arrays, read in the graph without feed_dict.

  The arrays enter through placeholders that only the iterator's
  initializer is fed, once: they are never embedded in the graph.
  Batches are consecutive rows of back-to-back epochs (the batch that
  ends one epoch takes the first rows of the next), so each has exactly
  `batch_size` rows, as Edward's placeholders with a fixed batch
  dimension need.

  Args:
    arrays: np.ndarray, or a tuple of arrays sharing their first
      dimension; rows are examples.
    batch_size: int. Rows per batch, at least 1.
    shuffle: bool. Whether to reshuffle the rows at every epoch.
    seed: int or None. Seed of the shuffling (with the graph seed, as
      for any TensorFlow op).

  Returns:
    tf.data.Dataset yielding one batch (or one tuple of batches) per
    element, for `data` of an inference.

  Raises:
    TypeError: if `arrays` is not an array or a tuple of arrays.
    ValueError: if the arrays have no rows or differ in length, or
      `batch_size` is not a positive integer.

  #### Examples

  ```python
  dataset = dataset_from_arrays(x_train, 100)
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph, x_ph: dataset},
                                discriminator)
  ```
  """
  single = isinstance(arrays, np.ndarray)
  if single:
    arrays = (arrays,)
  elif not (isinstance(arrays, tuple) and arrays and
            all(isinstance(array, np.ndarray) for array in arrays)):
    raise TypeError("arrays must be a NumPy array or a non-empty tuple of "
                    "them; got {}.".format(type(arrays).__name__))
  if any(array.ndim == 0 for array in arrays):
    raise ValueError("arrays must have a first (example) dimension.")
  lengths = sorted({array.shape[0] for array in arrays})
  if len(lengths) != 1 or lengths[0] == 0:
    raise ValueError("arrays must have the same, non-zero number of rows; "
                     "got {}.".format(lengths))
  if (isinstance(batch_size, bool) or
      not isinstance(batch_size, numbers.Integral) or batch_size < 1):
    raise ValueError("batch_size must be a positive integer; got "
                     "{!r}.".format(batch_size))

  feeds = _ARRAY_FEEDS.setdefault(tf1.get_default_graph(), {})
  placeholders = []
  with tf1.name_scope("dataset_from_arrays"):
    for array in arrays:
      placeholder = tf1.placeholder(tf.as_dtype(array.dtype), array.shape)
      feeds[placeholder.name] = array
      placeholders.append(placeholder)
  slices = placeholders[0] if single else tuple(placeholders)
  batch_size = int(batch_size)
  if not shuffle and lengths[0] % batch_size == 0:
    # Whole batches as the elements, in the same order: one copy per
    # batch where slicing rows and batching them costs one per row.
    return tf1.data.Dataset.from_tensor_slices(tf.nest.map_structure(
        lambda rows: _in_batches(rows, batch_size), slices)).repeat()
  dataset = tf1.data.Dataset.from_tensor_slices(slices)
  if shuffle:
    dataset = dataset.shuffle(lengths[0], seed=seed,
                              reshuffle_each_iteration=True)
  return dataset.repeat().batch(batch_size, drop_remainder=True)


def _in_batches(rows, batch_size):
  """`rows` [n, ...] as [n / batch_size, batch_size, ...]."""
  shape = rows.shape.as_list()
  return tf1.reshape(rows, [shape[0] // batch_size, batch_size] + shape[1:])


class DatasetInput(object):
  """A dataset bound in `data`: its iterator, next element and feeds.

  Made when the inference is constructed; `start` builds the iterator
  (in `initialize`, which knows how far to prefetch) and initialises it.

  Attributes:
    dataset: tf.data.Dataset. What the user gave.
    next_element: tf.Tensor or None. The iterator's output once started.
  """

  def __init__(self, dataset):
    """Remembers `dataset`; builds nothing.

    Args:
      dataset: tf.data.Dataset yielding one tensor per element.
    """
    self.dataset = dataset
    self.iterator = None
    self.next_element = None

  def start(self, sess, prefetch):
    """Builds the iterator over the prefetched dataset and initialises it.

    Args:
      sess: tf.compat.v1.Session. Where the iterator lives.
      prefetch: int. Elements to prepare ahead; `tf.data.AUTOTUNE` (-1)
        lets tf.data choose, 0 prefetches nothing.

    Returns:
      tf.Tensor. The next element, one per session call that reads it.
    """
    dataset = self.dataset
    if prefetch != 0:
      dataset = dataset.prefetch(prefetch)
    with tf1.name_scope("data_input"):
      self.iterator = tf1.data.make_initializable_iterator(dataset)
      self.next_element = self.iterator.get_next()
    self.initialize(sess)
    return self.next_element

  def initialize(self, sess):
    """(Re)starts the iterator from the first batch in `sess`.

    Args:
      sess: tf.compat.v1.Session. Where the iterator lives.
    """
    sess.run(self.iterator.initializer,
             _array_feeds(self.iterator.initializer))


def _array_feeds(initializer):
  """The arrays `dataset_from_arrays` recorded for what `initializer` reads."""
  recorded = _ARRAY_FEEDS.get(initializer.graph, {})
  if not recorded:
    return {}
  feeds = {}
  for op in upstream_ops(initializer, control_inputs=True):
    for tensor in op.inputs:
      if tensor.name in recorded:
        feeds[tensor] = recorded[tensor.name]
  return feeds
