"""Data sets for the examples, notebooks and tests; none is downloaded.

- `mnist(path)`: MNIST from the four IDX files the user already has,
  returned as `observations.mnist(path)` returned it (Edward's
  examples loaded MNIST that way). `read_idx` parses any IDX file.
- `input_data.read_data_sets(path, one_hot=...)`: the same files served
  as TensorFlow 1's tutorial reader served them (`mnist.train.next_batch`,
  images as float32 in [0, 1]); the upgrade tool rewrites
  `from tensorflow.examples.tutorials.mnist import input_data` to it.
- `digits()`: scikit-learn's bundled 8x8 digits, scaled to [0, 1].
- Toy sets drawn on the fly: `normal_1d`, `ring_2d`, `grid_2d`,
  `mixture_1d_5`, `mixture_2d_5`, each with a `*_centers()` function
  giving its mode centres.
- `generator(arrays, batch_size)`: endless shuffled minibatches, the
  loop Edward's examples wrote by hand.
"""

from edward_lite.datasets.batches import generator
from edward_lite.datasets.bundled import digits
from edward_lite.datasets import input_data
from edward_lite.datasets.idx import MNIST_FILES, mnist, read_idx
from edward_lite.datasets.input_data import read_data_sets
from edward_lite.datasets.toy import (
    grid_2d, grid_2d_centers, mixture_1d_5, mixture_1d_5_centers,
    mixture_2d_5, mixture_2d_5_centers, normal_1d, normal_1d_centers,
    ring_2d, ring_2d_centers)

__all__ = [
    "MNIST_FILES",
    "digits",
    "generator",
    "grid_2d",
    "grid_2d_centers",
    "mixture_1d_5",
    "mixture_1d_5_centers",
    "mixture_2d_5",
    "mixture_2d_5_centers",
    "mnist",
    "normal_1d",
    "normal_1d_centers",
    "read_data_sets",
    "read_idx",
    "ring_2d",
    "ring_2d_centers",
]
