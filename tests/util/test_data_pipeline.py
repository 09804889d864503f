"""Tests for edward_lite.util.data_pipeline and datasets in check_data."""

import re

import numpy as np
import pytest

from edward_lite._tf import tf, tf1
from edward_lite.util import data_pipeline
from edward_lite.util.random_variables import check_data


def _next_batches(sess, dataset, count):
  dataset_input = data_pipeline.DatasetInput(dataset)
  next_element = dataset_input.start(sess, prefetch=2)
  return [sess.run(next_element) for _ in range(count)]


def test_batches_run_through_back_to_back_epochs(sess):
  array = np.arange(20, dtype=np.float32).reshape(10, 2)
  batches = _next_batches(sess, data_pipeline.dataset_from_arrays(array, 4), 5)
  # Rows 0..9 repeated, cut every 4 rows: the epoch boundary falls inside
  # the third batch.
  rows = np.concatenate([array, array])
  expected = [rows[i:i + 4] for i in range(0, 20, 4)]
  for batch, want in zip(batches, expected):
    np.testing.assert_array_equal(batch, want)


@pytest.mark.parametrize("rows, batch_size", [(12, 4), (12, 12), (10, 4)])
def test_unshuffled_batches_are_consecutive_rows_whatever_the_epoch(
    sess, rows, batch_size):
  # 12 rows in batches of 4 or 12 are read as whole batches, 10 rows row
  # by row: the same rows come out, two epochs and a half.
  x = np.arange(3 * rows, dtype=np.float32).reshape(rows, 3)
  y = np.arange(rows, dtype=np.int64)
  dataset = data_pipeline.dataset_from_arrays((x, y), batch_size)
  assert [spec.shape.as_list() for spec in dataset.element_spec] == [
      [batch_size, 3], [batch_size]]
  count = (5 * rows) // (2 * batch_size)
  batches = _next_batches(sess, dataset, count)
  order = np.arange(count * batch_size) % rows
  for index, (x_batch, y_batch) in enumerate(batches):
    want = order[index * batch_size:(index + 1) * batch_size]
    np.testing.assert_array_equal(x_batch, x[want])
    np.testing.assert_array_equal(y_batch, want)


def test_tuple_arrays_stay_matched_and_shuffle_keeps_every_row(sess):
  x = np.arange(12, dtype=np.float32).reshape(6, 2)
  y = np.arange(6, dtype=np.int64)
  dataset = data_pipeline.dataset_from_arrays((x, y), 3, shuffle=True, seed=3)
  iterator = tf1.data.make_initializable_iterator(dataset)
  x_batch, y_batch = iterator.get_next()
  sess.run(iterator.initializer,
           data_pipeline._array_feeds(iterator.initializer))
  seen = []
  for _ in range(2):  # One epoch.
    xs, ys = sess.run([x_batch, y_batch])
    np.testing.assert_array_equal(xs, x[ys])
    seen.extend(ys.tolist())
  assert sorted(seen) == list(range(6))


def test_arrays_are_not_embedded_in_the_graph(sess):
  array = np.ones((2000, 100), np.float32)  # 800 kB
  data_pipeline.dataset_from_arrays(array, 10)
  assert sess.graph.as_graph_def().ByteSize() < 10000


@pytest.mark.parametrize("arrays, batch_size, error, message", [
    ([np.zeros(3)], 1, TypeError,
     "arrays must be a NumPy array or a non-empty tuple of them; got list."),
    ((), 1, TypeError,
     "arrays must be a NumPy array or a non-empty tuple of them; got tuple."),
    (np.zeros(()), 1, ValueError,
     "arrays must have a first (example) dimension."),
    ((np.zeros(3), np.zeros(4)), 1, ValueError,
     "arrays must have the same, non-zero number of rows; got [3, 4]."),
    (np.zeros((0, 2)), 1, ValueError,
     "arrays must have the same, non-zero number of rows; got [0]."),
    (np.zeros(3), 0, ValueError,
     "batch_size must be a positive integer; got 0."),
    (np.zeros(3), True, ValueError,
     "batch_size must be a positive integer; got True."),
], ids=["list", "empty", "scalar", "lengths", "no_rows", "zero_batch",
        "bool_batch"])
def test_dataset_from_arrays_refuses_bad_input(graph, arrays, batch_size,
                                               error, message):
  with pytest.raises(error, match="^" + re.escape(message) + "$"):
    data_pipeline.dataset_from_arrays(arrays, batch_size)


def test_is_dataset(graph):
  assert data_pipeline.is_dataset(tf1.data.Dataset.range(3))
  assert data_pipeline.is_dataset(tf.data.Dataset.range(3))
  assert not data_pipeline.is_dataset(np.zeros(3))


def test_check_data_accepts_datasets_that_fit_their_key(graph):
  x_ph = tf1.placeholder(tf.float32, [4, 2])
  x_fake = tf.zeros([4, 2])
  dataset = data_pipeline.dataset_from_arrays(np.zeros((8, 2), np.float32), 4)
  unbatched = tf1.data.Dataset.from_tensors(np.zeros((4, 2), np.float32))
  assert check_data({x_ph: dataset, x_fake: unbatched}) is None


@pytest.mark.parametrize("make_dataset, message", [
    (lambda: tf1.data.Dataset.from_tensors(np.zeros((4, 3), np.float32)),
     "Key-value pair in data does not have same shape: (4, 2), (4, 3)"),
    (lambda: tf1.data.Dataset.from_tensors(np.zeros((4, 2), np.float64)),
     "Key-value pair in data does not have same dtype: "
     "<dtype: 'float32'>, <dtype: 'float64'>"),
    (lambda: tf1.data.Dataset.from_tensors(
        (np.zeros((4, 2), np.float32), np.zeros(4, np.float32))),
     "A tf.data.Dataset in data must yield one tensor per element; got "
     "elements (TensorSpec(shape=(4, 2), dtype=tf.float32, name=None), "
     "TensorSpec(shape=(4,), dtype=tf.float32, name=None))."),
], ids=["shape", "dtype", "tuple"])
@pytest.mark.parametrize("placeholder_key", [True, False],
                         ids=["placeholder", "tensor"])
def test_check_data_refuses_datasets_that_do_not_fit(graph, make_dataset,
                                                     message, placeholder_key):
  key = (tf1.placeholder(tf.float32, [4, 2]) if placeholder_key
         else tf.zeros([4, 2]))
  with pytest.raises(TypeError, match="^" + re.escape(message) + "$"):
    check_data({key: make_dataset()})
