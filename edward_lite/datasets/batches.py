"""Endless shuffled minibatches, the loop every Edward example wrote by hand."""

import numbers

import numpy as np

__all__ = ["generator"]


def generator(arrays, batch_size, seed=None):
  """Yields minibatches forever, reshuffling the data at every epoch.

  The examples are laid out as one stream of epochs, each a fresh random
  permutation of all of them, and every batch is the next `batch_size`
  examples of that stream. So every batch has exactly `batch_size` rows
  (placeholders in Edward's examples have a fixed batch dimension) and
  each run of n consecutive examples, one epoch, holds every example
  exactly once. When n is not a multiple of `batch_size`, one batch per
  epoch straddles two epochs and may hold an example twice.

  Args:
    arrays: np.ndarray, or a list or tuple of arrays sharing their first
      dimension (for example `[x_train, y_train]`); rows are examples.
    batch_size: int. Rows per batch, between 1 and the number of
      examples.
    seed: int or None. Seed of the shuffling; None uses NumPy's global
      random state, so `np.random.seed` or `ed.set_seed` makes it
      reproducible.

  Returns:
    An endless iterator. With one array it yields one array of
    `batch_size` rows; with a list or tuple it yields a tuple of such
    batches, one per array, rows matched across arrays.

  Raises:
    TypeError: `arrays` is not an array, list or tuple.
    ValueError: `arrays` is empty, its arrays differ in length or have
      no rows, or `batch_size` is not an integer in [1, n].

  #### Examples

  ```python
  (x_train, _), _ = mnist("~/data/mnist")
  batches = generator(x_train, 100, seed=42)
  for _ in range(inference.n_iter):
    info_dict = inference.update(feed_dict={x_ph: next(batches)})
  ```
  """
  single = isinstance(arrays, np.ndarray)
  if single:
    arrays = [arrays]
  elif isinstance(arrays, (list, tuple)):
    arrays = [np.asarray(array) for array in arrays]
  else:
    raise TypeError(
        "arrays must be a NumPy array or a list or tuple of arrays; got "
        "{}.".format(type(arrays).__name__))
  if not arrays:
    raise ValueError("arrays must hold at least one array; got an empty "
                     "list or tuple.")
  if any(array.ndim == 0 for array in arrays):
    raise ValueError("arrays must have a first (example) dimension; got a "
                     "0-dimensional array.")
  lengths = [array.shape[0] for array in arrays]
  if len(set(lengths)) != 1:
    raise ValueError(
        "arrays must all have the same number of rows; got lengths "
        "{}.".format(lengths))
  n_examples = lengths[0]
  if n_examples == 0:
    raise ValueError("arrays have no rows to batch.")
  if (isinstance(batch_size, bool) or
      not isinstance(batch_size, numbers.Integral) or
      not 1 <= batch_size <= n_examples):
    raise ValueError(
        "batch_size must be an integer between 1 and the number of examples "
        "({}); got {!r}.".format(n_examples, batch_size))

  rng = np.random.RandomState(seed) if seed is not None else np.random
  rows = _row_stream(n_examples, int(batch_size), rng)
  if single:
    return (arrays[0][batch_rows] for batch_rows in rows)
  return (tuple(array[batch_rows] for array in arrays) for batch_rows in rows)


def _row_stream(n_examples, batch_size, rng):
  """Yields index arrays of `batch_size` rows from back-to-back epochs."""
  order = rng.permutation(n_examples)
  position = 0
  while True:
    pieces = []
    needed = batch_size
    while needed:
      if position == n_examples:
        order = rng.permutation(n_examples)
        position = 0
      take = min(needed, n_examples - position)
      pieces.append(order[position:position + take])
      position += take
      needed -= take
    yield pieces[0] if len(pieces) == 1 else np.concatenate(pieces)
