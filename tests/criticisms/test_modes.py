"""modes_covered and high_quality_fraction against counts made by hand."""

import numpy as np
import pytest

from edward_lite.criticisms import high_quality_fraction, modes_covered

# Two modes 2 apart, std 0.1: a sample is high quality within 0.3.
CENTERS = [[0.0, 0.0], [2.0, 0.0]]
SAMPLES = [
    [0.1, 0.0],    # mode 0, distance 0.1: high quality
    [0.0, 0.29],   # mode 0, distance 0.29: high quality
    [2.0, 0.31],   # mode 1, distance 0.31: not high quality
    [1.0, 0.0],    # halfway: distance 1.0, not high quality
    [5.0, 5.0],    # far away
]


def test_high_quality_fraction_counts_samples_within_three_std():
  assert high_quality_fraction(SAMPLES, CENTERS, std=0.1) == 2 / 5


def test_modes_covered_needs_a_high_quality_sample_in_the_mode():
  # Only mode 0 has high-quality samples; mode 1's sample is 0.31 away.
  assert modes_covered(SAMPLES, CENTERS, std=0.1) == 1
  # With a radius of 4 std (0.4) the sample at 0.31 now counts for mode 1.
  assert modes_covered(SAMPLES, CENTERS, std=0.1, n_std=4.0) == 2
  assert high_quality_fraction(SAMPLES, CENTERS, std=0.1, n_std=4.0) == 3 / 5


def test_min_count_ignores_modes_with_too_few_samples():
  # Mode 0 has two high-quality samples, mode 1 (at 4 std) one.
  assert modes_covered(SAMPLES, CENTERS, std=0.1, n_std=4.0,
                       min_count=2) == 1
  assert modes_covered(SAMPLES, CENTERS, std=0.1, n_std=4.0,
                       min_count=3) == 0


def test_a_sample_counts_only_for_its_nearest_mode():
  # Radius 1.5 covers the point at x = 0.9 from both centres; it is
  # nearest to mode 0, so mode 1 stays uncovered.
  assert modes_covered([[0.9, 0.0]], CENTERS, std=0.5) == 1


def test_one_dimensional_samples_and_centres():
  centers = [-2.0, 0.0, 2.0]
  samples = np.array([-2.1, 0.05, 0.5, 1.9])  # 0.5 is 2.5 std from 0
  assert modes_covered(samples, centers, std=0.2) == 3
  assert high_quality_fraction(samples, centers, std=0.2) == 1.0
  assert high_quality_fraction(samples, centers, std=0.1) == 3 / 4
  assert modes_covered(samples, centers, std=0.1) == 3


def test_nan_samples_are_never_high_quality():
  samples = [[np.nan, 0.0], [0.0, 0.0]]
  assert high_quality_fraction(samples, CENTERS, std=0.1) == 0.5
  assert modes_covered(samples, CENTERS, std=0.1) == 1


def test_draws_of_the_grid_itself_cover_every_mode():
  from edward_lite.datasets import grid_2d, grid_2d_centers
  samples = grid_2d(2500, seed=0)
  centers = grid_2d_centers()
  assert modes_covered(samples, centers, std=0.05) == 25
  # P(||e|| <= 3 std) for a 2-D standard normal is 1 - exp(-4.5) = 0.9889;
  # the binomial standard error on 2500 draws is 0.0021.
  assert abs(high_quality_fraction(samples, centers, std=0.05) -
             (1 - np.exp(-4.5))) < 4 * 0.0021


@pytest.mark.parametrize("kwargs,error,message", [
    (dict(std=0.0), ValueError, "std must be a finite number > 0; got 0.0"),
    (dict(std="0.1"), TypeError, "std must be a number > 0; got '0.1'"),
    (dict(std=0.1, n_std=-1), ValueError, "n_std must be a finite number"),
    (dict(std=0.1, min_count=0), ValueError,
     "min_count must be an integer >= 1; got 0"),
    (dict(std=0.1, min_count=1.5), TypeError,
     "min_count must be an integer >= 1; got 1.5"),
])
def test_bad_numbers_are_refused_by_name(kwargs, error, message):
  with pytest.raises(error, match=message):
    modes_covered(SAMPLES, CENTERS, **kwargs)


def test_bad_arrays_are_refused_by_name():
  with pytest.raises(ValueError, match=r"samples must have 2 column\(s\); "
                     r"got shape \(2, 3\)"):
    modes_covered(np.zeros((2, 3)), CENTERS, std=0.1)
  with pytest.raises(ValueError, match="samples must hold at least one row"):
    high_quality_fraction(np.zeros((0, 2)), CENTERS, std=0.1)
  with pytest.raises(ValueError, match="centers must be a 1-D or 2-D array"):
    high_quality_fraction(SAMPLES, np.zeros((1, 1, 2)), std=0.1)
  with pytest.raises(TypeError, match="samples must be an array of numbers"):
    high_quality_fraction([["a", "b"]], CENTERS, std=0.1)


def grid_bigan_modes(n_iter, seed=0, n_samples=2500):
  """Modes of the grid covered by a small BiGAN after `n_iter` steps."""
  import edward_lite as ed  # pylint: disable=g-import-not-at-top
  from edward_lite import datasets  # pylint: disable=g-import-not-at-top
  from edward_lite._tf import tf, tf1  # pylint: disable=g-import-not-at-top

  def mlp(inputs, n_outputs):
    hidden = tf1.layers.dense(inputs, 64, tf.nn.relu)
    hidden = tf1.layers.dense(hidden, 64, tf.nn.relu)
    return tf1.layers.dense(hidden, n_outputs)

  x_ph = tf1.placeholder(tf.float32, [None, 2])
  z_ph = tf1.placeholder(tf.float32, [None, 2])
  with tf1.variable_scope("Gen"):
    with tf1.variable_scope("generator"):
      xf = mlp(z_ph, 2)
    with tf1.variable_scope("encoder"):
      zf = mlp(x_ph, 2)
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph},
                                lambda x, z: mlp(tf.concat([x, z], 1), 1))
  inference.initialize(optimizer=tf1.train.AdamOptimizer(1e-3, beta1=0.5),
                       optimizer_d=tf1.train.AdamOptimizer(1e-3, beta1=0.5),
                       n_iter=n_iter, n_print=0)
  sess = ed.get_session()
  tf1.global_variables_initializer().run()
  batches = datasets.generator(datasets.grid_2d(20000, seed=seed), 128,
                               seed=seed)
  rng = np.random.RandomState(seed)
  centers = datasets.grid_2d_centers()

  def covered():
    samples = sess.run(xf, {z_ph: rng.randn(n_samples, 2)})
    return modes_covered(samples, centers, std=0.05)

  untrained = covered()
  for _ in range(n_iter):
    inference.update({x_ph: next(batches), z_ph: rng.randn(128, 2)})
  return untrained, covered()


@pytest.mark.slow
def test_a_short_bigan_run_covers_clearly_more_grid_modes(sess):
  # Seed 0, 3000 joint steps of Edward's objective, VEEGAN's count (one
  # high-quality sample of 2500 covers a mode). At its initial weights a
  # small ReLU MLP maps N(0, I) to a blob of width about 1 around the
  # origin: it reaches the centre mode and at most its 8 neighbours, and
  # only the centre with any mass. After training the samples spread over
  # the 8 x 8 square. The bound asks for 8 more modes than untrained, a
  # third of the grid (this run covers 15).
  untrained, trained = grid_bigan_modes(n_iter=3000, seed=0)
  assert untrained <= 3
  assert trained >= untrained + 8
