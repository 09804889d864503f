"""TensorFlow 1's tutorial MNIST reader, over the IDX files the user has.

Nearly every TF1-era MNIST GAN began with

    from tensorflow.examples.tutorials.mnist import input_data
    mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)
    x_batch, _ = mnist.train.next_batch(64)

TensorFlow 2 no longer ships that module. This one has the same names
and arguments (`train`, `validation`, `test`; `images`, `labels`,
`num_examples`, `epochs_completed`, `next_batch`) and the same splits,
shapes, dtypes and scaling, and the upgrade tool rewrites the import to
it. It does not give the same batches: it shuffles differently (see
`read_data_sets`). Unlike TensorFlow's, it never downloads: the four
files are found as `edward_lite.datasets.mnist` finds them, plain or
gzipped, with the same error when one is missing.
"""

import collections
import numbers
import os

import numpy as np

from edward_lite.datasets import idx

__all__ = ["DataSet", "Datasets", "dense_to_one_hot", "read_data_sets"]

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])
Datasets.__doc__ = """The three splits `read_data_sets` returns, as `DataSet`s."""

# input_data held out the first 5000 training images for validation.
_VALIDATION_SIZE = 5000
_NUM_CLASSES = 10
# The size input_data gave a `fake_data` set.
_FAKE_EXAMPLES = 10000


def dense_to_one_hot(labels_dense, num_classes):
  """Turns class labels into one-hot rows, as input_data did.

  Args:
    labels_dense: 1-D integer array of class labels.
    num_classes: int. Number of classes, the width of each row.

  Returns:
    float64 array of shape `(len(labels_dense), num_classes)`, with a 1
    in each row at the label's column and 0 elsewhere.
  """
  labels_dense = np.asarray(labels_dense)
  one_hot = np.zeros((labels_dense.shape[0], num_classes))
  one_hot[np.arange(labels_dense.shape[0]), labels_dense.ravel()] = 1
  return one_hot


def _image_dtype(dtype):
  """Returns np.uint8 or np.float32 for a NumPy or TensorFlow dtype."""
  # TensorFlow's dtypes convert through `as_numpy_dtype`; this module
  # must not import TensorFlow itself.
  numpy_dtype = getattr(dtype, "as_numpy_dtype", dtype)
  try:
    numpy_dtype = np.dtype(numpy_dtype)
  except TypeError:
    numpy_dtype = None
  if numpy_dtype not in (np.dtype(np.uint8), np.dtype(np.float32)):
    raise TypeError(
        "Invalid image dtype {!r}, expected uint8 or float32".format(dtype))
  return numpy_dtype


class DataSet(object):
  """One split of MNIST, served in shuffled minibatches.

  Args:
    images: uint8 array of shape `(n, rows, cols, 1)`, values 0 to 255.
    labels: array of `n` labels (class numbers or one-hot rows).
    fake_data: bool. Make a set of 10000 identical fake examples instead,
      as input_data did for quick tests; `images` and `labels` are unused.
    one_hot: bool. With `fake_data`, give one-hot fake labels.
    dtype: `float32` (NumPy's or TensorFlow's) scales the images to
      [0, 1]; `uint8` keeps 0 to 255.
    reshape: bool. Flatten each image to a row of `rows * cols` pixels.
    seed: int or None. Seed of the shuffling. None shuffles with NumPy's
      global random state, so `np.random.seed` or `ed.set_seed` makes it
      repeatable.

  Raises:
    TypeError: `dtype` is neither uint8 nor float32.
    ValueError: `images` and `labels` differ in number.
  """

  def __init__(self, images, labels, fake_data=False, one_hot=False,
               dtype=np.float32, reshape=True, seed=None):
    dtype = _image_dtype(dtype)
    self._random = np.random if seed is None else np.random.RandomState(seed)
    if fake_data:
      self._num_examples = _FAKE_EXAMPLES
      self.one_hot = one_hot
    else:
      if images.shape[0] != labels.shape[0]:
        raise ValueError("images.shape: {} labels.shape: {}".format(
            images.shape, labels.shape))
      self._num_examples = images.shape[0]
      if reshape:
        images = images.reshape(images.shape[0],
                                int(np.prod(images.shape[1:])))
      if dtype == np.float32:
        images = images.astype(np.float32) * np.float32(1.0 / 255.0)
    self._images = images
    self._labels = labels
    self._epochs_completed = 0
    self._index_in_epoch = 0

  @property
  def images(self):
    """The images, in the order the last shuffle left them."""
    return self._images

  @property
  def labels(self):
    """The labels, in the same order as `images`."""
    return self._labels

  @property
  def num_examples(self):
    """How many examples the set holds."""
    return self._num_examples

  @property
  def epochs_completed(self):
    """How many times `next_batch` has gone past the end of the set."""
    return self._epochs_completed

  def next_batch(self, batch_size, fake_data=False, shuffle=True):
    """Returns the next `batch_size` examples as `(images, labels)`.

    The set is shuffled before the first batch and at the start of each
    epoch; a batch that crosses the end of an epoch is the rest of that
    epoch followed by the start of the next one, so every batch has
    `batch_size` rows.

    Args:
      batch_size: int. Examples in the batch, at most `num_examples`.
      fake_data: bool. Return lists of fake images and labels instead.
      shuffle: bool. Shuffle at each epoch.

    Returns:
      Tuple `(images, labels)` of arrays with `batch_size` rows.

    Raises:
      ValueError: `batch_size` is not an integer in [1, num_examples].
    """
    if fake_data:
      fake_image = [1] * 784
      fake_label = [1] + [0] * 9 if self.one_hot else 0
      return ([fake_image for _ in range(batch_size)],
              [fake_label for _ in range(batch_size)])
    if (isinstance(batch_size, bool) or
        not isinstance(batch_size, numbers.Integral) or
        not 1 <= batch_size <= self._num_examples):
      raise ValueError(
          "batch_size must be an integer between 1 and num_examples ({}); "
          "got {!r}.".format(self._num_examples, batch_size))
    start = self._index_in_epoch
    if self._epochs_completed == 0 and start == 0 and shuffle:
      self._shuffle()
    if start + batch_size <= self._num_examples:
      self._index_in_epoch += batch_size
      return (self._images[start:self._index_in_epoch],
              self._labels[start:self._index_in_epoch])
    self._epochs_completed += 1
    images_rest = self._images[start:]
    labels_rest = self._labels[start:]
    if shuffle:
      self._shuffle()
    self._index_in_epoch = batch_size - (self._num_examples - start)
    end = self._index_in_epoch
    return (np.concatenate((images_rest, self._images[:end]), axis=0),
            np.concatenate((labels_rest, self._labels[:end]), axis=0))

  def _shuffle(self):
    order = self._random.permutation(self._num_examples)
    self._images = self._images[order]
    self._labels = self._labels[order]


def read_data_sets(train_dir, fake_data=False, one_hot=False,
                   dtype=np.float32, reshape=True,
                   validation_size=_VALIDATION_SIZE, seed=None,
                   source_url=None):
  """Reads MNIST as TensorFlow 1's `input_data.read_data_sets` did.

  The four IDX files are read from `train_dir`, never downloaded. The
  first `validation_size` training images become `validation`, the
  rest `train`; the t10k files become `test`: the same arrays as
  TensorFlow's reader gave.

  The batches are not the same as TensorFlow's, because the shuffling
  differs. Each `DataSet` shuffles its own rows with a permutation
  before its first batch and at the start of every later epoch, drawn
  from `np.random.RandomState(seed)` of its own when `seed` is given,
  else from NumPy's global random state, which it never reseeds (so
  `np.random.seed` or `ed.set_seed` before the first batch makes it
  repeatable). TensorFlow's reseeded NumPy's global state in every
  `DataSet` it made (from `seed`, or from the graph-level seed, or
  afresh from the operating system when neither was set), and its
  three sets and the script's own `np.random` calls then drew from
  that one shared stream.

  Args:
    train_dir: str. Directory holding `train-images-idx3-ubyte`,
      `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte` and
      `t10k-labels-idx1-ubyte`, each plain or with `.gz`. `~` is
      expanded.
    fake_data: bool. Return three fake sets of 10000 examples instead.
    one_hot: bool. Labels as float64 one-hot rows of 10 instead of uint8
      class numbers.
    dtype: `float32` (NumPy's or TensorFlow's, `tf.float32` included)
      gives images in [0, 1]; `uint8` gives 0 to 255.
    reshape: bool. Images as rows of 784 pixels; False keeps the shape
      `(n, 28, 28, 1)`.
    validation_size: int. Training images held out for validation.
    seed: int or None. Seed of each set's shuffling; None uses NumPy's
      global random state.
    source_url: accepted for compatibility and ignored: nothing is
      downloaded.

  Returns:
    A `Datasets` named tuple `(train, validation, test)` of `DataSet`s.

  Raises:
    FileNotFoundError: one of the four files is missing; the message
      names it and says where to get it, as `edward_lite.datasets.mnist`
      does.
    TypeError: `dtype` is neither uint8 nor float32.
    ValueError: `validation_size` is not between 0 and the number of
      training images, or a file is not a valid MNIST IDX file.
  """
  del source_url  # Nothing is downloaded.
  if fake_data:
    def fake():
      return DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype,
                     seed=seed)
    return Datasets(train=fake(), validation=fake(), test=fake())
  _image_dtype(dtype)
  train_dir = os.path.expanduser(train_dir)
  files = [idx._find_mnist_file(train_dir, name)  # pylint: disable=protected-access
           for name in idx.MNIST_FILES]
  train_images, train_labels = _read_split(files[0], files[1], one_hot)
  test_images, test_labels = _read_split(files[2], files[3], one_hot)
  if (isinstance(validation_size, bool) or
      not isinstance(validation_size, numbers.Integral) or
      not 0 <= validation_size <= len(train_images)):
    raise ValueError(
        "Validation size should be between 0 and {}. Received: {}.".format(
            len(train_images), validation_size))
  options = dict(dtype=dtype, reshape=reshape, seed=seed)
  return Datasets(
      train=DataSet(train_images[validation_size:],
                    train_labels[validation_size:], **options),
      validation=DataSet(train_images[:validation_size],
                         train_labels[:validation_size], **options),
      test=DataSet(test_images, test_labels, **options))


def _read_split(images_file, labels_file, one_hot):
  """Returns images of shape (n, rows, cols, 1) and their labels."""
  # pylint: disable=protected-access
  images = idx._read_expected(
      images_file, idx._MNIST_IMAGES_MAGIC,
      "MNIST image file (unsigned bytes, 3 dimensions)")
  labels = idx._read_expected(
      labels_file, idx._MNIST_LABELS_MAGIC,
      "MNIST label file (unsigned bytes, 1 dimension)")
  if images.shape[0] != labels.shape[0]:
    raise ValueError("'{}' has {} images but '{}' has {} labels.".format(
        images_file, images.shape[0], labels_file, labels.shape[0]))
  if one_hot:
    labels = dense_to_one_hot(labels, _NUM_CLASSES)
  return images[..., np.newaxis], labels
