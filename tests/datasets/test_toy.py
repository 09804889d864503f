"""edward_lite.datasets.toy: samplers put their modes where they say."""

import numpy as np
import pytest

from edward_lite.datasets import toy

# Bounds below are Z_BOUND standard errors: a false failure has
# probability about 6e-7 per comparison.
Z_BOUND = 5.0
N_DRAWS = 20000


def _sampler_cases():
  """(sampler with a seed, its centres, its per-axis std) per data set."""
  return [
      ("normal_1d", lambda seed: toy.normal_1d(N_DRAWS, seed=seed),
       toy.normal_1d_centers(), 0.5),
      ("ring_2d", lambda seed: toy.ring_2d(N_DRAWS, seed=seed),
       toy.ring_2d_centers(), 0.02),
      ("ring_2d_wide", lambda seed: toy.ring_2d(
          N_DRAWS, n_modes=6, radius=5.0, std=0.3, seed=seed),
       toy.ring_2d_centers(6, 5.0), 0.3),
      ("grid_2d", lambda seed: toy.grid_2d(N_DRAWS, seed=seed),
       toy.grid_2d_centers(), 0.05),
      ("grid_2d_3x3", lambda seed: toy.grid_2d(
          N_DRAWS, n_per_side=3, spacing=1.0, std=0.1, seed=seed),
       toy.grid_2d_centers(3, 1.0), 0.1),
      ("mixture_1d_5", lambda seed: toy.mixture_1d_5(N_DRAWS, seed=seed),
       toy.mixture_1d_5_centers(), 0.2),
      ("mixture_2d_5", lambda seed: toy.mixture_2d_5(N_DRAWS, seed=seed),
       toy.mixture_2d_5_centers(), 0.2),
  ]


CASES = _sampler_cases()
IDS = [case[0] for case in CASES]


def test_grid_centers_are_spacing_times_offsets_from_the_middle():
  expected = [(2.0 * (i - 2), 2.0 * (j - 2)) for i in range(5)
              for j in range(5)]
  np.testing.assert_array_equal(toy.grid_2d_centers(), expected)
  np.testing.assert_array_equal(toy.grid_2d_centers(2, 1.0),
                                [(-0.5, -0.5), (-0.5, 0.5), (0.5, -0.5),
                                 (0.5, 0.5)])


def test_ring_centers_lie_on_the_circle_at_even_angles():
  centers = toy.ring_2d_centers(8, 2.0)
  assert centers.shape == (8, 2) and centers.dtype == np.float32
  np.testing.assert_allclose(np.hypot(centers[:, 0], centers[:, 1]), 2.0,
                             rtol=1e-6)
  np.testing.assert_allclose(centers[0], [2.0, 0.0], atol=1e-6)
  np.testing.assert_allclose(centers[2], [0.0, 2.0], atol=1e-6)
  np.testing.assert_allclose(centers[5], [-np.sqrt(2.0), -np.sqrt(2.0)],
                             rtol=1e-6)


def test_five_mode_centers():
  np.testing.assert_array_equal(toy.mixture_1d_5_centers().ravel(),
                                [-4, -2, 0, 2, 4])
  np.testing.assert_array_equal(
      toy.mixture_2d_5_centers(),
      [(0, 0), (2, 2), (-2, -2), (2, -2), (-2, 2)])
  np.testing.assert_array_equal(toy.normal_1d_centers(1.5), [[1.5]])


@pytest.mark.parametrize("name, sample, centers, std", CASES, ids=IDS)
def test_modes_are_where_the_centers_say(name, sample, centers, std):
  del name
  draws = sample(0)
  assert draws.dtype == np.float32
  assert draws.shape == (N_DRAWS, centers.shape[1])
  distances = np.linalg.norm(draws[:, None, :] - centers[None], axis=2)
  nearest = np.argmin(distances, axis=1)
  n_modes = centers.shape[0]
  p_mode = 1.0 / n_modes
  counts = np.bincount(nearest, minlength=n_modes)
  # Equal weights: each count is Binomial(N_DRAWS, 1 / n_modes).
  count_bound = Z_BOUND * np.sqrt(N_DRAWS * p_mode * (1 - p_mode))
  assert np.all(np.abs(counts - N_DRAWS * p_mode) <= count_bound), counts
  for mode in range(n_modes):
    members = draws[nearest == mode]
    mean_bound = Z_BOUND * std / np.sqrt(len(members))
    assert np.all(np.abs(members.mean(axis=0) - centers[mode]) <= mean_bound)
    # The sample std of m Gaussian draws has standard error std / sqrt(2m).
    std_bound = Z_BOUND * std / np.sqrt(2 * len(members))
    assert np.all(np.abs(members.std(axis=0) - std) <= std_bound)


@pytest.mark.parametrize("name, sample, centers, std", CASES, ids=IDS)
def test_seed_reproduces_and_changes_the_draws(name, sample, centers, std):
  del name, centers, std
  np.testing.assert_array_equal(sample(7), sample(7))
  assert not np.array_equal(sample(7), sample(8))


def test_no_seed_follows_numpy_global_seed():
  np.random.seed(5)
  first = toy.grid_2d(10)
  np.random.seed(5)
  np.testing.assert_array_equal(toy.grid_2d(10), first)


def test_normal_1d_loc_and_scale():
  draws = toy.normal_1d(N_DRAWS, loc=-3.0, scale=2.0, seed=1)
  assert draws.shape == (N_DRAWS, 1)
  assert abs(draws.mean() - -3.0) <= Z_BOUND * 2.0 / np.sqrt(N_DRAWS)
  assert abs(draws.std() - 2.0) <= Z_BOUND * 2.0 / np.sqrt(2 * N_DRAWS)


def test_zero_std_gives_the_centers_exactly():
  draws = toy.grid_2d(100, std=0.0, seed=0)
  centers = toy.grid_2d_centers()
  assert all(any(np.array_equal(row, c) for c in centers) for row in draws)


def test_zero_draws_is_an_empty_array():
  assert toy.ring_2d(0, seed=0).shape == (0, 2)


@pytest.mark.parametrize("call, message", [
    (lambda: toy.normal_1d(-1), "n must be an integer >= 0; got -1."),
    (lambda: toy.grid_2d(2.5), "n must be an integer >= 0; got 2.5."),
    (lambda: toy.mixture_1d_5(True), "n must be an integer >= 0; got True."),
    (lambda: toy.ring_2d(10, n_modes=0),
     "n_modes must be an integer >= 1; got 0."),
    (lambda: toy.grid_2d_centers(n_per_side=0),
     "n_per_side must be an integer >= 1; got 0."),
    (lambda: toy.normal_1d(10, scale=-1.0), "scale must be >= 0; got -1.0."),
    (lambda: toy.mixture_2d_5(10, std=float("nan")),
     "std must be >= 0; got nan."),
])
def test_bad_arguments_are_value_errors(call, message):
  with pytest.raises(ValueError) as error:
    call()
  assert str(error.value) == message
