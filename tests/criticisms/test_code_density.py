"""The kernel density of codes against loops over kernels in NumPy."""

import numpy as np
import pytest

from edward_lite.criticisms._code_density import (
    GaussianKDE, bandwidth_grid, select_bandwidth)

RNG = np.random.RandomState(4)
CODES = RNG.randn(23, 2)
POINTS = RNG.randn(6, 2) * 2.0


def density_by_loops(points, centres, h):
  """(1/n) sum_i N(p; c_i, h^2 I), one kernel at a time, in float64."""
  d = centres.shape[1]
  values = []
  for point in points:
    total = 0.0
    for centre in centres:
      total += np.exp(-np.sum((point - centre) ** 2) / (2 * h * h))
    values.append(total / len(centres) / (2 * np.pi * h * h) ** (d / 2))
  return np.array(values)


@pytest.mark.parametrize("h", [0.3, 1.0, 2.5])
def test_log_density_by_hand(h):
  kde = GaussianKDE(CODES, h)
  np.testing.assert_allclose(kde.log_density(POINTS),
                             np.log(density_by_loops(POINTS, CODES, h)),
                             rtol=1e-10)


def test_far_points_do_not_underflow_to_minus_infinity():
  # exp(-50^2 / 2) underflows; the log-sum-exp form does not.
  kde = GaussianKDE(np.zeros((3, 1)), 1.0)
  value = kde.log_density(np.array([[50.0]]))[0]
  assert value == pytest.approx(-1250.0 - 0.5 * np.log(2 * np.pi))


def test_leave_one_out_scores_each_code_by_the_others():
  kde = GaussianKDE(CODES, 0.7)
  expected = [np.log(density_by_loops(CODES[i:i + 1],
                                      np.delete(CODES, i, axis=0), 0.7))[0]
              for i in range(len(CODES))]
  np.testing.assert_allclose(kde.log_density(CODES, leave_one_out=True),
                             expected, rtol=1e-10)


def test_blocks_of_queries_give_the_same_values():
  # More query rows than one block of pairwise distances.
  rng = np.random.RandomState(9)
  codes, points = rng.randn(30, 3), rng.randn(1100, 3)
  kde = GaussianKDE(codes, 0.8)
  values = kde.log_density(points)
  np.testing.assert_allclose(values[[0, 600, 1099]], np.log(density_by_loops(
      points[[0, 600, 1099]], codes, 0.8)), rtol=1e-10)


def test_the_bandwidth_grid_is_scotts_rule_times_powers_of_root_two():
  fitting = CODES[:10]
  sigma = np.mean(np.std(fitting, axis=0, ddof=1))
  scott = sigma * 10 ** (-1.0 / 6.0)   # d = 2: m^(-1/(d+4))
  np.testing.assert_allclose(bandwidth_grid(fitting),
                             scott * np.sqrt(2.0) ** np.arange(-8, 5))


def test_the_bandwidth_maximizes_the_held_out_likelihood():
  held = np.arange(len(CODES)) % 5 == 4   # every fifth code
  fitting, held_out = CODES[~held], CODES[held]
  grid = bandwidth_grid(fitting)
  scores = [np.mean(np.log(density_by_loops(held_out, fitting, h)))
            for h in grid]
  chosen = select_bandwidth(CODES)
  assert chosen == pytest.approx(grid[int(np.argmax(scores))])
  assert GaussianKDE(CODES).bandwidth == chosen
  # An interior optimum here: the grid is wide enough.
  assert 0 < int(np.argmax(scores)) < len(grid) - 1


def test_too_few_or_constant_codes_are_refused():
  with pytest.raises(ValueError, match="normal_x must hold at least 5 rows to "
                     "choose the bandwidth; got 4. Pass bandwidth= to set "
                     "one."):
    select_bandwidth(CODES[:4])
  with pytest.raises(ValueError, match="the codes of normal_x do not vary"):
    select_bandwidth(np.ones((10, 2)))
