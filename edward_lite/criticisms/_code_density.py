"""A Gaussian kernel density of latent codes, its bandwidth held out.

A BiGAN trained on normal data maps normal x to codes E(x) where the
prior put them; an anomaly may land elsewhere. The density of E(x)
among the codes of normal data scores that:

    log p(c) = log (1/n) sum_i N(c; c_i, h^2 I)
             = logsumexp_i(-||c - c_i||^2 / (2 h^2)) - log n
               - (d / 2) log(2 pi h^2),

c_1..c_n the normal codes, d their dimension, h the bandwidth.

h is chosen by held-out likelihood: every fifth code (c_5, c_10, ...,
indices 4, 9, ... counting from 0) is held out, a density is fitted on
the others for each h of the grid s * 2^(k/2), k = -8, ..., 4, where
s = sigma * m^(-1 / (d + 4)) is Scott's rule on the m fitting codes
(sigma the mean over dimensions of their standard deviations), and
the h whose density gives the held-out codes the highest mean log
density is kept (the smallest such h on a tie). The density then used
is the one on all n codes with that h.
"""

import numpy as np

__all__ = ["GaussianKDE", "bandwidth_grid", "select_bandwidth"]

# Every HOLD_OUT-th code is held out to choose the bandwidth.
HOLD_OUT = 5
_GRID_POWERS = np.arange(-8, 5) / 2.0
# Query rows per block of pairwise distances, to bound the memory used.
_BLOCK = 512


def bandwidth_grid(codes):
  """The bandwidths tried: Scott's rule on `codes` times 2^(k/2).

  Args:
    codes: np.ndarray of shape (m, d).

  Returns:
    np.ndarray of 13 increasing bandwidths.

  Raises:
    ValueError: if the codes do not vary.
  """
  m, d = codes.shape
  sigma = float(np.mean(np.std(codes, axis=0, ddof=1)))
  if not sigma > 0:
    raise ValueError("the codes of normal_x do not vary, so no bandwidth can "
                     "be chosen; pass bandwidth= to set one.")
  scott = sigma * m ** (-1.0 / (d + 4))
  return scott * 2.0 ** _GRID_POWERS


def select_bandwidth(codes):
  """The bandwidth of the grid that best predicts held-out codes.

  Args:
    codes: np.ndarray of shape (n, d), n >= HOLD_OUT.

  Returns:
    float.

  Raises:
    ValueError: if there are fewer than HOLD_OUT codes or they do not
      vary.
  """
  if len(codes) < HOLD_OUT:
    raise ValueError("normal_x must hold at least {} rows to choose the "
                     "bandwidth; got {}. Pass bandwidth= to set one.".format(
                         HOLD_OUT, len(codes)))
  held = np.zeros(len(codes), bool)
  held[HOLD_OUT - 1::HOLD_OUT] = True
  fitting = codes[~held]
  grid = bandwidth_grid(fitting)
  scores = [np.mean(GaussianKDE(fitting, h).log_density(codes[held]))
            for h in grid]
  return float(grid[int(np.argmax(scores))])


class GaussianKDE(object):
  """An isotropic Gaussian kernel density on a set of codes.

  Args:
    codes: array of shape (n, d). The kernels' centres.
    bandwidth: float > 0 or None. The kernels' standard deviation h;
      None chooses it with `select_bandwidth`.
  """

  def __init__(self, codes, bandwidth=None):
    self.codes = np.asarray(codes, np.float64).reshape(len(codes), -1)
    self.bandwidth = (select_bandwidth(self.codes) if bandwidth is None
                      else float(bandwidth))

  def log_density(self, points, leave_one_out=False):
    """log p(points), one value per row.

    Args:
      points: array of shape (k, d).
      leave_one_out: bool. `points` are the codes themselves, each scored
        by the density of the n - 1 others (so that a code is not
        explained by its own kernel).

    Returns:
      np.ndarray of shape (k,).
    """
    points = np.asarray(points, np.float64).reshape(len(points), -1)
    n, d = self.codes.shape
    if leave_one_out and points.shape != self.codes.shape:
      raise ValueError("leave_one_out scores the codes themselves.")
    h = self.bandwidth
    count = n - 1 if leave_one_out else n
    constant = np.log(count) + 0.5 * d * np.log(2.0 * np.pi * h * h)
    code_norms = np.sum(self.codes ** 2, axis=1)
    values = []
    for start in range(0, len(points), _BLOCK):
      block = points[start:start + _BLOCK]
      squared = (np.sum(block ** 2, axis=1)[:, None] + code_norms[None, :] -
                 2.0 * block @ self.codes.T)
      exponents = -np.maximum(squared, 0.0) / (2.0 * h * h)
      if leave_one_out:
        rows = np.arange(len(block))
        exponents[rows, start + rows] = -np.inf
      top = np.max(exponents, axis=1, keepdims=True)
      values.append(top[:, 0] + np.log(np.sum(np.exp(exponents - top),
                                              axis=1)))
    return np.concatenate(values) - constant
