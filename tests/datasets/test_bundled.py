"""edward_lite.datasets.bundled: scikit-learn's digits, scaled to [0, 1]."""

import numpy as np
import pytest
from sklearn.datasets import load_digits

from edward_lite.datasets import bundled


def _sorted_rows(x, y):
  table = np.concatenate([x, y[:, None].astype(x.dtype)], axis=1)
  return table[np.lexsort(table.T[::-1])]


def test_digits_is_sklearn_data_over_16():
  x, y = bundled.digits()
  reference = load_digits()
  assert x.shape == (1797, 64) and x.dtype == np.float32
  assert y.shape == (1797,) and y.dtype == np.int64
  np.testing.assert_array_equal(x, (reference.data / 16.0).astype(np.float32))
  np.testing.assert_array_equal(y, reference.target)
  assert x.min() == 0.0 and x.max() == 1.0
  assert sorted(set(y.tolist())) == list(range(10))


def test_split_is_a_permutation_of_the_whole_set():
  x, y = bundled.digits()
  (x_train, y_train), (x_test, y_test) = bundled.digits(0.2, seed=0)
  assert x_test.shape == (359, 64)  # round(0.2 * 1797)
  assert x_train.shape == (1438, 64) and y_train.shape == (1438,)
  np.testing.assert_array_equal(
      _sorted_rows(np.concatenate([x_train, x_test]),
                   np.concatenate([y_train, y_test])),
      _sorted_rows(x, y))


def test_split_seed_is_reproducible_and_matters():
  (first, _), _ = bundled.digits(0.5, seed=3)
  (again, _), _ = bundled.digits(0.5, seed=3)
  (other, _), _ = bundled.digits(0.5, seed=4)
  np.testing.assert_array_equal(first, again)
  assert not np.array_equal(first, other)


def test_split_without_seed_follows_numpy_global_seed():
  np.random.seed(11)
  (first, _), _ = bundled.digits(0.3)
  np.random.seed(11)
  (again, _), _ = bundled.digits(0.3)
  np.testing.assert_array_equal(first, again)


def test_tiny_fraction_still_holds_out_one_example():
  (x_train, _), (x_test, _) = bundled.digits(1e-6, seed=0)
  assert (x_train.shape[0], x_test.shape[0]) == (1796, 1)


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1, "0.2", True])
def test_bad_test_fraction_is_a_value_error(bad):
  with pytest.raises(ValueError) as error:
    bundled.digits(bad)
  assert str(error.value) == (
      "test_fraction must be None or a number strictly between 0 and 1; got "
      "{!r}.".format(bad))
