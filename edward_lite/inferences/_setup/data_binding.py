"""What `Inference.__init__` does with `data`: Python values become variables.

A Python or NumPy value bound to an observed tensor is stored in the
graph as a non-trainable variable, filled once through a placeholder (so
that a large array never sits in the graph definition as a constant); a
`tf.data.Dataset` becomes a `DatasetInput`; anything else (a tensor, a
placeholder's feed) is kept as given.
"""

import numpy as np

from edward_lite._tf import tf1
from edward_lite.util.data_pipeline import DatasetInput, is_dataset
from edward_lite.util.random_variables import PYTHON_DATA_TYPES, is_placeholder

__all__ = ["bind_data"]


def bind_data(data, sess):
  """Returns `data` with Python and NumPy values stored as variables.

  Args:
    data: dict, as `Inference` takes it, already checked.
    sess: tf.Session. Where the variables are filled.

  Returns:
    dict with the same keys. A `tf.data.Dataset` value becomes a
    `DatasetInput`, whose iterator `initialize` starts (it knows how far
    to prefetch).
  """
  bound = {}
  for key, value in data.items():
    if is_dataset(value):
      bound[key] = DatasetInput(value)
      continue
    if is_placeholder(key) or not isinstance(value, PYTHON_DATA_TYPES):
      bound[key] = value
      continue
    with tf1.variable_scope(None, default_name="data"):
      feed = tf1.placeholder(key.dtype, np.shape(value))
      variable = tf1.Variable(feed, trainable=False, collections=[])
    sess.run(variable.initializer, {feed: value})
    bound[key] = variable
  return bound
