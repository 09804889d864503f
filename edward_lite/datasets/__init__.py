"""Data sets for the examples, notebooks and tests; none is downloaded.

- `mnist(path)`: MNIST from the four IDX files the user already has,
  returned as `observations.mnist(path)` returned it (Edward's
  examples loaded MNIST that way). `read_idx` parses any IDX file.
- `digits()`: scikit-learn's bundled 8x8 digits, scaled to [0, 1].
- Toy sets drawn on the fly: `normal_1d`, `ring_2d`, `grid_2d`,
  `mixture_1d_5`, `mixture_2d_5`, each with a `*_centers()` function
  giving its mode centres.
- `generator(arrays, batch_size)`: endless shuffled minibatches, the
  loop Edward's examples wrote by hand.
"""

from edward_lite.datasets.batches import generator
from edward_lite.datasets.bundled import digits
from edward_lite.datasets.idx import MNIST_FILES, mnist, read_idx
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
    "read_idx",
    "ring_2d",
    "ring_2d_centers",
]
