"""Argument checks shared by the criticism functions.

Each check raises TypeError or ValueError naming the argument, so that a
bad call fails before any computation, with a message that says what
was expected.
"""

import math
import numbers

import numpy as np

__all__ = [
    "as_matrix",
    "check_callable",
    "check_count",
    "check_fraction",
    "check_labels",
    "check_positive",
    "check_same_length",
]


def as_matrix(name, value, dimension=None):
  """`value` as a float64 array of shape (n, d) with n >= 1.

  A 1-D array is taken as n points of dimension 1, the shape of the
  1-D toy sets' rows once flattened.

  Args:
    name: str. The argument's name, for the error message.
    value: array-like of numbers.
    dimension: int or None. The number of columns required.

  Returns:
    np.ndarray of float64, shape (n, d).

  Raises:
    TypeError: `value` does not hold numbers.
    ValueError: `value` has no rows, more than 2 dimensions, or not
      `dimension` columns.
  """
  try:
    array = np.asarray(value, dtype=np.float64)
  except (TypeError, ValueError) as error:
    raise TypeError("{} must be an array of numbers; got {}.".format(
        name, type(value).__name__)) from error
  if array.ndim == 1:
    array = array[:, None]
  if array.ndim != 2:
    raise ValueError("{} must be a 1-D or 2-D array; got shape {}.".format(
        name, array.shape))
  if array.shape[0] == 0:
    raise ValueError("{} must hold at least one row; got shape {}.".format(
        name, array.shape))
  if dimension is not None and array.shape[1] != dimension:
    raise ValueError("{} must have {} column(s); got shape {}.".format(
        name, dimension, array.shape))
  return array


def check_positive(name, value):
  """`value` as a float; it must be a finite real number > 0."""
  if isinstance(value, bool) or not isinstance(value, numbers.Real):
    raise TypeError("{} must be a number > 0; got {!r}.".format(name, value))
  if not (math.isfinite(value) and value > 0):
    raise ValueError("{} must be a finite number > 0; got {!r}.".format(
        name, value))
  return float(value)


def check_fraction(name, value):
  """`value` as a float; it must be a real number in [0, 1]."""
  if isinstance(value, bool) or not isinstance(value, numbers.Real):
    raise TypeError("{} must be a number in [0, 1]; got {!r}.".format(
        name, value))
  if not 0.0 <= value <= 1.0:  # Also refuses NaN.
    raise ValueError("{} must be in [0, 1]; got {!r}.".format(name, value))
  return float(value)


def check_count(name, value, minimum):
  """`value` as an int; it must be an integer >= `minimum`."""
  if isinstance(value, bool) or not isinstance(value, numbers.Integral):
    raise TypeError("{} must be an integer >= {}; got {!r}.".format(
        name, minimum, value))
  if value < minimum:
    raise ValueError("{} must be an integer >= {}; got {!r}.".format(
        name, minimum, value))
  return int(value)


def check_callable(name, value):
  if not callable(value):
    raise TypeError("{} must be callable; got {}.".format(
        name, type(value).__name__))


def check_same_length(name, array, other_name, other):
  if len(array) != len(other):
    raise ValueError("{} must have one entry per row of {}: got {} and "
                     "{}.".format(name, other_name, len(array), len(other)))


def check_labels(name, labels, rows_name, rows):
  """`labels` as a 1-D array with one entry per row of `rows`."""
  labels = np.asarray(labels)
  if labels.ndim != 1:
    raise ValueError("{} must be a 1-D array; got shape {}.".format(
        name, labels.shape))
  check_same_length(name, labels, rows_name, rows)
  return labels
