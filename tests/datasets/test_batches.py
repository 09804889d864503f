"""edward_lite.datasets.batches: endless, reshuffled, exact-epoch batches."""

import itertools

import numpy as np
import pytest

from edward_lite.datasets import batches


def _take(iterator, count):
  return list(itertools.islice(iterator, count))


@pytest.mark.parametrize("n_examples, batch_size", [
    (10, 1), (10, 3), (10, 4), (10, 10), (12, 5)])
def test_every_example_appears_once_per_epoch(n_examples, batch_size):
  n_epochs = 4
  n_batches = -(-n_examples * n_epochs // batch_size)
  stream = np.concatenate(_take(
      batches.generator(np.arange(n_examples), batch_size, seed=0),
      n_batches))
  for epoch in range(n_epochs):
    chunk = stream[epoch * n_examples:(epoch + 1) * n_examples]
    np.testing.assert_array_equal(np.sort(chunk), np.arange(n_examples))


def test_each_epoch_is_reshuffled():
  stream = np.concatenate(_take(
      batches.generator(np.arange(50), 10, seed=0), 10))
  first, second = stream[:50], stream[50:]
  assert not np.array_equal(first, second)
  assert not np.array_equal(first, np.arange(50))


def test_single_array_yields_arrays_of_batch_size_rows():
  images = np.arange(7 * 3 * 2).reshape(7, 3, 2)
  for batch in _take(batches.generator(images, 3, seed=1), 5):
    assert isinstance(batch, np.ndarray)
    assert batch.shape == (3, 3, 2)
    # Whole rows are taken: each row is one of the original rows.
    assert all(any(np.array_equal(row, image) for image in images)
               for row in batch)


@pytest.mark.parametrize("container", [list, tuple])
def test_several_arrays_yield_matched_tuples(container):
  x = np.arange(20, dtype=np.float32).reshape(10, 2)
  y = np.arange(10) * 7
  for x_batch, y_batch in _take(
      batches.generator(container([x, y]), 4, seed=2), 6):
    assert x_batch.shape == (4, 2) and y_batch.shape == (4,)
    np.testing.assert_array_equal(x_batch[:, 0] / 2 * 7, y_batch)


def test_list_of_python_lists_is_accepted():
  (labels,) = next(batches.generator([[5, 6, 7]], 3, seed=0))
  np.testing.assert_array_equal(np.sort(labels), [5, 6, 7])


def test_seed_reproduces_and_changes_the_order():
  def first_batches(seed):
    return np.concatenate(_take(batches.generator(np.arange(30), 7, seed), 9))
  np.testing.assert_array_equal(first_batches(3), first_batches(3))
  assert not np.array_equal(first_batches(3), first_batches(4))


def test_no_seed_follows_numpy_global_seed():
  np.random.seed(9)
  first = next(batches.generator(np.arange(30), 30))
  np.random.seed(9)
  np.testing.assert_array_equal(next(batches.generator(np.arange(30), 30)),
                                first)


@pytest.mark.parametrize("batch_size", [0, -1, 11, 2.5, True, "4", None])
def test_bad_batch_size_is_a_value_error_at_call_time(batch_size):
  with pytest.raises(ValueError) as error:
    batches.generator(np.arange(10), batch_size)
  assert str(error.value) == (
      "batch_size must be an integer between 1 and the number of examples "
      "(10); got {!r}.".format(batch_size))


def test_numpy_integer_batch_size_is_accepted():
  assert next(batches.generator(np.arange(10), np.int64(4))).shape == (4,)


@pytest.mark.parametrize("arrays, message", [
    ([np.zeros(5), np.zeros(4)],
     "arrays must all have the same number of rows; got lengths [5, 4]."),
    ([], "arrays must hold at least one array; got an empty list or tuple."),
    (np.zeros(0), "arrays have no rows to batch."),
    (np.array(3.0),
     "arrays must have a first (example) dimension; got a 0-dimensional "
     "array."),
])
def test_bad_arrays_are_value_errors(arrays, message):
  with pytest.raises(ValueError) as error:
    batches.generator(arrays, 1)
  assert str(error.value) == message


def test_arrays_of_another_type_is_a_type_error():
  with pytest.raises(TypeError) as error:
    batches.generator({"x": np.zeros(3)}, 1)
  assert str(error.value) == (
      "arrays must be a NumPy array or a list or tuple of arrays; got dict.")
