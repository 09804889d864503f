"""scikit-learn's bundled 8x8 digits: an MNIST stand-in that ships offline.

The 1797 images come inside scikit-learn's wheel, so examples and tests
can train on real handwritten digits with no download and in seconds.
"""

import numpy as np

__all__ = ["DIGITS_SHAPE", "digits"]

DIGITS_SHAPE = (8, 8)
# Pixels of load_digits are counts of set pixels in 4x4 blocks: 0..16.
_DIGITS_MAX = 16.0


def digits(test_fraction=None, seed=None):
  """Loads scikit-learn's 8x8 handwritten digits, scaled to [0, 1].

  Args:
    test_fraction: None, or a float strictly between 0 and 1. None
      returns the whole set; a float holds out that fraction of the
      examples (rounded to the nearest count, at least one on each side)
      as a test set.
    seed: int or None. Seed of the permutation that splits train from
      test; None uses NumPy's global random state (so `ed.set_seed`
      governs it). Ignored when `test_fraction` is None.

  Returns:
    `(x, y)` when `test_fraction` is None: x float32 of shape (1797, 64)
    (rows of 8x8 pixels, row-major) equal to
    `sklearn.datasets.load_digits().data / 16`, and y the int64 labels
    0-9 of shape (1797,). Otherwise `(x_train, y_train), (x_test,
    y_test)`, the same rows permuted and split.

  Raises:
    ImportError: scikit-learn is not installed.
    ValueError: `test_fraction` is not None nor a number in (0, 1).
  """
  # Imported here: scikit-learn is an optional dependency (the
  # "examples" extra), and only this function needs it.
  try:
    from sklearn.datasets import load_digits
  except ImportError as error:
    raise ImportError(
        "edward_lite.datasets.digits needs scikit-learn (pip install "
        "scikit-learn, or pip install 'edward-lite[examples]'): "
        "{}".format(error)) from error

  bunch = load_digits()
  x = (bunch.data / _DIGITS_MAX).astype(np.float32)
  y = bunch.target.astype(np.int64)
  if test_fraction is None:
    return x, y

  if (isinstance(test_fraction, bool) or
      not isinstance(test_fraction, (float, int, np.floating, np.integer)) or
      not 0.0 < test_fraction < 1.0):
    raise ValueError(
        "test_fraction must be None or a number strictly between 0 and 1; "
        "got {!r}.".format(test_fraction))
  n_examples = x.shape[0]
  n_test = min(max(int(round(test_fraction * n_examples)), 1), n_examples - 1)
  rng = np.random.RandomState(seed) if seed is not None else np.random
  order = rng.permutation(n_examples)
  test_rows, train_rows = order[:n_test], order[n_test:]
  return (x[train_rows], y[train_rows]), (x[test_rows], y[test_rows])
