"""Toy data sets drawn on the fly: one Gaussian and Gaussian mixtures.

These are the pictures GAN papers use to show mode coverage and mode
collapse: a 1-D Gaussian (Edward's `gan_synthetic_data.py`), a ring of
Gaussians, a 5x5 grid of Gaussians, and five-mode mixtures (the one
from the ALICE paper's code in 2-D, and a 1-D one). Each sampler
returns a float32 array of shape (n, dimension); each `*_centers()`
function returns that set's mode centres, one row per mode, so figures
and tests can say where the modes are.

Every mixture gives its modes equal weight. With `seed=None` the draws
come from NumPy's global random state, so `np.random.seed` or
`ed.set_seed` makes a script reproducible, as Edward's examples were;
an integer seed gives the same array on every call.
"""

import numbers

import numpy as np

__all__ = [
    "grid_2d",
    "grid_2d_centers",
    "mixture_1d_5",
    "mixture_1d_5_centers",
    "mixture_2d_5",
    "mixture_2d_5_centers",
    "normal_1d",
    "normal_1d_centers",
    "ring_2d",
    "ring_2d_centers",
]

# ChunyuanLI/ALICE, toy_data/ALICE_l2.py: means_x, with covariance
# 0.04 * I, that is a standard deviation of 0.2 on each axis.
_ALICE_CENTERS = ((0.0, 0.0), (2.0, 2.0), (-2.0, -2.0), (2.0, -2.0),
                  (-2.0, 2.0))
_ALICE_STD = 0.2
_MIXTURE_1D_CENTERS = (-4.0, -2.0, 0.0, 2.0, 4.0)
_MIXTURE_1D_STD = 0.2


def normal_1d(n, loc=4.0, scale=0.5, seed=None):
  """Draws from one Gaussian, the data of Edward's 1-D GAN example.

  Args:
    n: int. Number of draws (>= 0).
    loc: float. Mean; 4.0 as in Edward's `gan_synthetic_data.py`.
    scale: float. Standard deviation (>= 0); 0.5 as in Edward.
    seed: int or None. See the module docstring.

  Returns:
    float32 array of shape (n, 1), ready for a placeholder of shape
    [n, 1]. Unlike Edward's `next_batch`, the draws are not sorted.

  Raises:
    ValueError: `n` is not a non-negative integer, or `scale` < 0.
  """
  return _sample_mixture(n, normal_1d_centers(loc), scale, seed,
                         std_name="scale")


def normal_1d_centers(loc=4.0):
  """The one mode of `normal_1d`: float32 array [[loc]], shape (1, 1)."""
  return np.array([[loc]], dtype=np.float32)


def ring_2d(n, n_modes=8, radius=2.0, std=0.02, seed=None):
  """Draws from Gaussians evenly spaced on a circle around the origin.

  Args:
    n: int. Number of draws (>= 0).
    n_modes: int. Number of Gaussians (>= 1).
    radius: float. Radius of the circle through the centres.
    std: float. Standard deviation of each Gaussian on each axis.
    seed: int or None. See the module docstring.

  Returns:
    float32 array of shape (n, 2).

  Raises:
    ValueError: `n` or `n_modes` is not a valid count, or `std` < 0.
  """
  return _sample_mixture(n, ring_2d_centers(n_modes, radius), std, seed)


def ring_2d_centers(n_modes=8, radius=2.0):
  """Centres of `ring_2d`: mode k at angle 2*pi*k/n_modes.

  Args:
    n_modes: int. Number of modes (>= 1).
    radius: float. Radius of the circle.

  Returns:
    float32 array of shape (n_modes, 2).

  Raises:
    ValueError: `n_modes` is not a positive integer.
  """
  _check_count(n_modes, "n_modes", minimum=1)
  angles = 2.0 * np.pi * np.arange(n_modes) / n_modes
  centers = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
  return centers.astype(np.float32)


def grid_2d(n, n_per_side=5, spacing=2.0, std=0.05, seed=None):
  """Draws from a square grid of Gaussians centred at the origin.

  With the defaults this is the 25-mode grid of the BiGAN/ALI and
  mode-collapse literature: centres at `spacing * (i - 2)` on each axis
  for i = 0..4, that is -4, -2, 0, 2, 4.

  Args:
    n: int. Number of draws (>= 0).
    n_per_side: int. Modes along each axis (>= 1).
    spacing: float. Distance between neighbouring centres.
    std: float. Standard deviation of each Gaussian on each axis.
    seed: int or None. See the module docstring.

  Returns:
    float32 array of shape (n, 2).

  Raises:
    ValueError: `n` or `n_per_side` is not a valid count, or `std` < 0.
  """
  return _sample_mixture(n, grid_2d_centers(n_per_side, spacing), std, seed)


def grid_2d_centers(n_per_side=5, spacing=2.0):
  """Centres of `grid_2d`, row-major: first coordinate varies slowest.

  Args:
    n_per_side: int. Modes along each axis (>= 1).
    spacing: float. Distance between neighbouring centres.

  Returns:
    float32 array of shape (n_per_side**2, 2), with coordinates
    `spacing * (i - (n_per_side - 1) / 2)`.

  Raises:
    ValueError: `n_per_side` is not a positive integer.
  """
  _check_count(n_per_side, "n_per_side", minimum=1)
  ticks = spacing * (np.arange(n_per_side) - (n_per_side - 1) / 2.0)
  first, second = np.meshgrid(ticks, ticks, indexing="ij")
  return np.stack([first.ravel(), second.ravel()], axis=1).astype(np.float32)


def mixture_1d_5(n, seed=None):
  """Draws from a 1-D mixture of five Gaussians.

  Centres -4, -2, 0, 2, 4, standard deviation 0.2, equal weights. This
  is NOT taken from the ALICE paper (Li et al., 2017): its five-mode
  toy is two-dimensional (see `mixture_2d_5`). This set keeps the same
  standard deviation and spacing of 2 on a line, the usual fallback.

  Args:
    n: int. Number of draws (>= 0).
    seed: int or None. See the module docstring.

  Returns:
    float32 array of shape (n, 1).

  Raises:
    ValueError: `n` is not a non-negative integer.
  """
  return _sample_mixture(n, mixture_1d_5_centers(), _MIXTURE_1D_STD, seed)


def mixture_1d_5_centers():
  """Centres of `mixture_1d_5`: float32 array of shape (5, 1)."""
  return np.array(_MIXTURE_1D_CENTERS, dtype=np.float32).reshape(5, 1)


def mixture_2d_5(n, std=_ALICE_STD, seed=None):
  """Draws from the 2-D five-Gaussian mixture of the ALICE paper.

  Li et al. (2017), "ALICE: Towards Understanding Adversarial Learning
  for Joint Distribution Matching": x is a mixture of five Gaussians
  with equal weights centred at (0, 0), (2, 2), (-2, -2), (2, -2) and
  (-2, 2), each with covariance 0.04 * I (standard deviation 0.2), as
  in the authors' code (ChunyuanLI/ALICE, toy_data/).

  Args:
    n: int. Number of draws (>= 0).
    std: float. Standard deviation on each axis; 0.2 in the paper.
    seed: int or None. See the module docstring.

  Returns:
    float32 array of shape (n, 2).

  Raises:
    ValueError: `n` is not a non-negative integer, or `std` < 0.
  """
  return _sample_mixture(n, mixture_2d_5_centers(), std, seed)


def mixture_2d_5_centers():
  """Centres of `mixture_2d_5`: float32 array of shape (5, 2)."""
  return np.array(_ALICE_CENTERS, dtype=np.float32)


def _sample_mixture(n, centers, std, seed, std_name="std"):
  """n draws: a uniformly chosen centre plus isotropic Gaussian noise."""
  _check_count(n, "n", minimum=0)
  if not std >= 0:  # Also refuses NaN.
    raise ValueError("{} must be >= 0; got {!r}.".format(std_name, std))
  rng = np.random.RandomState(seed) if seed is not None else np.random
  modes = rng.randint(centers.shape[0], size=n)
  noise = rng.standard_normal(size=(n, centers.shape[1]))
  return (centers[modes] + std * noise).astype(np.float32)


def _check_count(value, name, minimum):
  if (isinstance(value, bool) or not isinstance(value, numbers.Integral) or
      value < minimum):
    raise ValueError("{} must be an integer >= {}; got {!r}.".format(
        name, minimum, value))
