"""edward_lite.datasets.input_data: TF1's tutorial MNIST reader, no download."""

import os

import numpy as np
import pytest

from edward_lite import datasets
from edward_lite.datasets import input_data
from tests.datasets.test_idx import _fake_mnist


@pytest.fixture(scope="module")
def mnist_dir(tmp_path_factory):
  """Four gzipped IDX files: 5004 training and 3 test images."""
  directory = tmp_path_factory.mktemp("mnist")
  arrays = _fake_mnist(directory, n_train=5004, n_test=3, gz=True, seed=3)
  return str(directory), arrays


def test_splits_sizes_and_values_are_input_datas(mnist_dir):
  path, arrays = mnist_dir
  mnist = input_data.read_data_sets(path)
  raw = arrays["train-images-idx3-ubyte"].reshape(5004, 784)
  labels = arrays["train-labels-idx1-ubyte"]
  assert isinstance(mnist, input_data.Datasets)
  assert mnist.train.num_examples == 4
  assert mnist.validation.num_examples == 5000
  assert mnist.test.num_examples == 3
  # float32 in [0, 1]: the file's bytes times 1/255, flattened row-major.
  assert mnist.train.images.dtype == np.float32
  np.testing.assert_array_equal(
      mnist.validation.images,
      raw[:5000].astype(np.float32) * np.float32(1.0 / 255.0))
  np.testing.assert_array_equal(np.rint(mnist.train.images * 255.0),
                                raw[5000:])
  assert mnist.train.images.min() >= 0.0 and mnist.train.images.max() <= 1.0
  np.testing.assert_array_equal(mnist.train.labels, labels[5000:])
  assert mnist.train.labels.dtype == np.uint8
  np.testing.assert_array_equal(
      np.rint(mnist.test.images * 255.0),
      arrays["t10k-images-idx3-ubyte"].reshape(3, 784))
  assert mnist.train.epochs_completed == 0


def test_one_hot_uint8_and_unflattened(mnist_dir):
  path, arrays = mnist_dir
  mnist = input_data.read_data_sets(path, one_hot=True, dtype=np.uint8,
                                    reshape=False, validation_size=5002)
  test_labels = arrays["t10k-labels-idx1-ubyte"]
  expected = np.zeros((3, 10))
  expected[np.arange(3), test_labels] = 1.0
  np.testing.assert_array_equal(mnist.test.labels, expected)
  assert mnist.test.labels.dtype == np.float64
  assert mnist.train.images.shape == (2, 28, 28, 1)
  assert mnist.train.images.dtype == np.uint8
  np.testing.assert_array_equal(
      mnist.train.images[..., 0], arrays["train-images-idx3-ubyte"][5002:])


class _TensorFlowLikeDtype(object):
  """What `tf.float32` offers this reader: a NumPy dtype behind a name."""
  as_numpy_dtype = np.float32

  def __repr__(self):
    return "tf.float32"


def test_dtype_may_be_tensorflows(mnist_dir):
  path, _ = mnist_dir
  mnist = input_data.read_data_sets(path, dtype=_TensorFlowLikeDtype(),
                                    validation_size=0)
  assert mnist.train.images.dtype == np.float32
  assert mnist.train.num_examples == 5004


def test_bad_dtype_and_validation_size_raise_input_datas_errors(mnist_dir):
  path, _ = mnist_dir
  with pytest.raises(TypeError) as caught:
    input_data.read_data_sets(path, dtype=np.float64)
  assert str(caught.value) == (
      "Invalid image dtype <class 'numpy.float64'>, expected uint8 or "
      "float32")
  with pytest.raises(ValueError) as caught:
    input_data.read_data_sets(path, validation_size=5005)
  assert str(caught.value) == (
      "Validation size should be between 0 and 5004. Received: 5005.")


def test_a_missing_file_gives_datasets_mnists_error(tmp_path):
  _fake_mnist(tmp_path)
  os.remove(str(tmp_path / "t10k-labels-idx1-ubyte"))
  with pytest.raises(FileNotFoundError) as from_mnist:
    datasets.mnist(str(tmp_path))
  with pytest.raises(FileNotFoundError) as from_input_data:
    input_data.read_data_sets(str(tmp_path), one_hot=True)
  assert str(from_input_data.value) == str(from_mnist.value)
  assert str(from_mnist.value).startswith(
      "MNIST file 't10k-labels-idx1-ubyte' (or 't10k-labels-idx1-ubyte.gz') "
      "is not in '{}'. edward_lite never downloads data".format(tmp_path))


def _reference_batches(images, labels, batch_size, n_batches, seed):
  """input_data's next_batch, written out: epochs of fresh permutations.

  A batch that crosses an epoch's end takes the rest of that epoch, then
  the start of the next, which is reshuffled first.
  """
  rng = np.random.RandomState(seed)
  order = np.arange(len(images))[rng.permutation(len(images))]
  stream = []
  while len(stream) < batch_size * n_batches:
    stream.extend(order)
    order = order[rng.permutation(len(images))]
  rows = [stream[i * batch_size:(i + 1) * batch_size]
          for i in range(n_batches)]
  return [(images[r], labels[r]) for r in rows]


def test_next_batch_shuffles_each_epoch_and_joins_across_its_end(mnist_dir):
  path, arrays = mnist_dir
  mnist = input_data.read_data_sets(path, dtype=np.uint8,
                                    validation_size=4998, seed=11)
  images = arrays["train-images-idx3-ubyte"][4998:].reshape(6, 784)
  labels = arrays["train-labels-idx1-ubyte"][4998:]
  expected = _reference_batches(images, labels, 4, 5, seed=11)
  completed = []
  for want_images, want_labels in expected:
    got_images, got_labels = mnist.train.next_batch(4)
    np.testing.assert_array_equal(got_images, want_images)
    np.testing.assert_array_equal(got_labels, want_labels)
    completed.append(mnist.train.epochs_completed)
  # 20 examples from sets of 6: epochs end after examples 6, 12 and 18.
  # input_data counts an epoch when a batch would run past its end, so
  # the third batch, which ends exactly at 12, leaves the count to the
  # fourth.
  assert completed == [0, 1, 1, 2, 3]
  # Each epoch holds every example once.
  first_epoch = np.concatenate([b[0] for b in expected])[:6]
  assert sorted(map(bytes, first_epoch)) == sorted(map(bytes, images))


def test_next_batch_without_shuffle_walks_the_files_order(mnist_dir):
  path, arrays = mnist_dir
  mnist = input_data.read_data_sets(path, dtype=np.uint8,
                                    validation_size=5000)
  labels = arrays["train-labels-idx1-ubyte"][5000:]
  batches = [mnist.train.next_batch(3, shuffle=False)[1] for _ in range(3)]
  np.testing.assert_array_equal(np.concatenate(batches),
                                np.concatenate([labels] * 3)[:9])


def test_unseeded_shuffle_follows_numpys_global_seed(mnist_dir):
  path, _ = mnist_dir
  drawn = []
  for _ in range(2):
    np.random.seed(5)
    mnist = input_data.read_data_sets(path, validation_size=4990)
    drawn.append(mnist.train.next_batch(7)[1])
  np.testing.assert_array_equal(drawn[0], drawn[1])


def test_reading_never_reseeds_numpys_global_state(mnist_dir):
  # TensorFlow's reader called np.random.seed in every DataSet it made;
  # this one leaves the global stream where the script left it, and a
  # seeded set draws only from its own RandomState.
  path, _ = mnist_dir
  np.random.seed(9)
  before = np.random.get_state()[1].copy(), np.random.get_state()[2]
  for seed in (None, 4):
    mnist = input_data.read_data_sets(path, validation_size=4990, seed=seed)
    after = np.random.get_state()
    np.testing.assert_array_equal(after[1], before[0])
    assert after[2] == before[1]
  mnist.train.next_batch(7)
  np.testing.assert_array_equal(np.random.get_state()[1], before[0])


def test_fake_data_is_input_datas(mnist_dir):
  del mnist_dir
  mnist = input_data.read_data_sets("/nonexistent", fake_data=True,
                                    one_hot=True)
  assert mnist.train.num_examples == 10000
  images, labels = mnist.train.next_batch(2, fake_data=True)
  assert images == [[1] * 784] * 2
  assert labels == [[1] + [0] * 9] * 2


def test_bad_batch_size_names_the_limit(mnist_dir):
  path, _ = mnist_dir
  mnist = input_data.read_data_sets(path, validation_size=5000)
  with pytest.raises(ValueError) as caught:
    mnist.train.next_batch(5)
  assert str(caught.value) == (
      "batch_size must be an integer between 1 and num_examples (4); got 5.")


def test_reading_prints_nothing(mnist_dir, capsys):
  # input_data printed "Extracting <file>" for each of the four files.
  input_data.read_data_sets(mnist_dir[0])
  assert capsys.readouterr() == ("", "")
