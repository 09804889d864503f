"""benchmarks/scaling.py: the ring model's arithmetic, and docs that hold
exactly what the last measurement wrote."""

import json
import os
import re

import pytest

from benchmarks import scaling


def test_fit_ring_recovers_alpha_and_bandwidth_from_two_runs():
  alpha, bandwidth = 150e-6, 2.5e9

  def measured(workers, size_bytes):
    return (scaling.COLLECTIVES * 2 * (workers - 1) * alpha +
            2 * (workers - 1) / workers * size_bytes / bandwidth)

  points = [(2, 3e6, measured(2, 3e6)), (2, 12e6, measured(2, 12e6))]
  fitted_alpha, fitted_bandwidth = scaling.fit_ring(points)
  assert fitted_alpha == pytest.approx(alpha, rel=1e-9)
  assert fitted_bandwidth == pytest.approx(bandwidth, rel=1e-9)
  # The fit then predicts another worker count exactly.
  assert scaling.ring_time(4, 12e6, fitted_alpha, fitted_bandwidth) == (
      pytest.approx(measured(4, 12e6), rel=1e-9))


def test_ring_time_on_one_worker_is_zero_and_tends_to_twice_the_bytes():
  assert scaling.ring_time(1, 1e9, 1.0, 1.0) == 0.0
  # 64 workers, no latency: 2 * 63/64 * S / B.
  assert scaling.ring_time(64, 8e6, 0.0, 1e9) == pytest.approx(
      2 * 63 / 64 * 8e-3)


def test_predict_adds_the_ring_to_one_workers_step():
  one = {"compute": 0.010, "input": 0.002, "parameters": 250000}
  row = scaling.predict(one, 8, alpha=100e-6, bandwidth=1e9)
  ring = 3 * 2 * 7 * 100e-6 + 2 * 7 / 8 * 1e6 / 1e9
  assert row["step"] == pytest.approx(0.012 + ring)
  assert row["speedup"] == pytest.approx(8 * 0.012 / (0.012 + ring))
  assert row["examples_per_second"] == pytest.approx(800 / (0.012 + ring))


def test_docs_hold_the_block_rendered_from_the_stored_measurement():
  if not os.path.exists(scaling.RESULTS):
    pytest.skip("python -m benchmarks.scaling has not been run")
  with open(scaling.RESULTS) as handle:
    report = json.load(handle)
  with open(scaling.DOCS, encoding="utf-8") as handle:
    page = handle.read()
  block, = re.findall(r"<!-- BEGIN scaling -->\n(.*)\n<!-- END scaling -->",
                      page, re.S)
  assert block == scaling.render(report)
  assert "This machine has {} CPU cores**".format(report["cores"]) in block
  # The block states the load the run recorded, and claims none it did not.
  if "load_average_before" in report:
    assert "load average {:.1f} before".format(
        report["load_average_before"][0]) in block
  else:
    assert "its load not recorded" in block
  assert "shared with other jobs" not in block
  assert len(report["results"]) == 10  # 2 sizes x (3 device counts + 2 x workers)


def test_the_scaling_worker_trains_the_speed_benchmarks_mlp():
  """One replica of the scaling worker's model: Edward's MNIST BiGAN,
  752,635 parameters (the G, E and D layers' weights and biases)."""
  from benchmarks import _scaling_worker  # pylint: disable=g-import-not-at-top
  sizes = _scaling_worker.SIZES["mnist"]
  pixels, latent, hidden = sizes["pixels"], sizes["latent"], sizes["hidden"]
  expected = ((latent + 1) * hidden + (hidden + 1) * pixels +  # G
              (pixels + 1) * hidden + (hidden + 1) * latent +  # E
              (pixels + latent + 1) * hidden + hidden + 1)     # D
  result = _scaling_worker.measure("mnist", 1, steps=2, rounds=1, warmup=1)
  assert expected == 752635
  assert result["parameters"] == expected
  assert (result["replicas"], result["global_batch"]) == (1, 100)
