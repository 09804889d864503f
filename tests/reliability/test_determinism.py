"""The same `ed.set_seed` gives the same losses in two processes.

For tf.layers, tf_slim and tf_keras networks alike: the initial weights,
the in-graph prior draws and the NumPy data all follow the seed, and the
updates are bit-for-bit repeatable (gradients wait for the step's
losses). The runs are made in new processes with oneDNN's kernels off,
which round some sums differently from run to run (see _jobs.py and
docs/reliability.md).
"""

import math

import pytest

from tests.reliability.conftest import STYLES


@pytest.mark.parametrize("style", STYLES)
def test_two_processes_with_one_seed_give_the_same_losses(
    reproducible_runs, style):
  here = reproducible_runs["first"][style]
  there = reproducible_runs["second"][style]
  assert there == here
  losses = [float.fromhex(x) for pair in here["losses"] for x in pair]
  assert all(math.isfinite(x) for x in losses)
  # The schedule has one Disc and one Gen step; each reports 0.0 for the
  # side it did not update, as Edward did.
  assert losses.count(0.0) == 2


@pytest.mark.parametrize("style", STYLES)
def test_the_same_seed_twice_in_one_process(reproducible_runs, style):
  first = reproducible_runs["first"]
  assert first[style + " again"] == first[style]


@pytest.mark.parametrize("style", STYLES)
def test_another_seed_gives_other_weights_and_losses(reproducible_runs,
                                                     style):
  first = reproducible_runs["first"]
  assert first[style + " other seed"]["weights"] != first[style]["weights"]
  assert first[style + " other seed"]["losses"] != first[style]["losses"]


def test_the_networks_live_under_disc_and_gen_in_every_style(
    reproducible_runs):
  first = reproducible_runs["first"]
  layers = {
      "tf.layers": ["dense/bias:0", "dense/kernel:0", "dense_1/bias:0",
                    "dense_1/kernel:0"],
      "tf_slim": ["fully_connected/biases:0", "fully_connected/weights:0",
                  "fully_connected_1/biases:0", "fully_connected_1/weights:0"],
      "tf_keras": ["sequential/dense/bias:0", "sequential/dense/kernel:0",
                   "sequential/dense_1/bias:0", "sequential/dense_1/kernel:0"],
  }
  for style, names in layers.items():
    generator = [n.replace("sequential/dense_1", "sequential_1/dense_3")
                 .replace("sequential/dense", "sequential_1/dense_2")
                 for n in names] if style == "tf_keras" else names
    assert first[style]["names"] == (["Disc/" + n for n in names] +
                                     ["Gen/" + n for n in generator]), style
