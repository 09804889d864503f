"""The quality runner's parts: --only name:part, and what a part keeps."""

import argparse
import types

import pytest

from benchmarks.quality import run

MODULE = types.SimpleNamespace(
    NAME="toy",
    VARIANTS={"a1": ("data", 1), "a2": ("data", 2), "b1": ("data", 3)},
    PARTS={"first": ["a1", "a2"], "second": ["b1"]},
    PART_TITLES={"first": "First part", "second": "Second part"})
CONFIGS = {"a1": {"data": "data", "config": 1},
           "a2": {"data": "data", "config": 2},
           "b1": {"data": "data", "config": 3}}


def _stored(seeds=(1, 2), scale=1.0, b1_config=3):
  configs = dict(CONFIGS, b1={"data": "data", "config": b1_config})
  return {"seeds": list(seeds), "scale": scale, "configs": configs,
          "runs": {"a1": ["old a1"], "a2": ["old a2"], "b1": ["old b1"]},
          "part_stamps": {"first": "Measured then.",
                          "second": "Measured long ago."}}


def test_only_takes_a_benchmark_or_one_of_its_parts():
  assert run.parse_only("grid") == "grid"
  assert run.parse_only("anomaly:classical") == "anomaly:classical"
  assert run.parse_only("anomaly:bigan") == "anomaly:bigan"
  with pytest.raises(argparse.ArgumentTypeError,
                     match="benchmark 'anomaly' has no part 'gan'; its "
                           "parts: classical, bigan, bigan-16d."):
    run.parse_only("anomaly:gan")
  with pytest.raises(argparse.ArgumentTypeError,
                     match="benchmark 'grid' has no part 'classical'; its "
                           "parts: none."):
    run.parse_only("grid:classical")
  with pytest.raises(argparse.ArgumentTypeError, match="unknown benchmark "
                                                        "'nope'"):
    run.parse_only("nope")


def test_anomaly_seeds_are_not_the_ones_the_bigan_was_tuned_on():
  assert run.BENCHMARKS["anomaly"] == [100, 101, 102]


def test_a_part_keeps_the_other_parts_stored_runs():
  runs, stamps = run.merge_parts(MODULE, _stored(), ["first"],
                                 {"a1": ["new a1"], "a2": ["new a2"]},
                                 [1, 2], 1.0, CONFIGS, "Measured now.")
  assert runs == {"a1": ["new a1"], "a2": ["new a2"], "b1": ["old b1"]}
  assert stamps == {"first": "Measured now.", "second": "Measured long ago."}
  assert run.parts_stamp(MODULE, stamps) == (
      "First part: measured now.\n\nSecond part: measured long ago.")


@pytest.mark.parametrize("stored", [
    _stored(seeds=(0,)), _stored(scale=0.05), _stored(b1_config=4), None])
def test_stored_runs_of_other_seeds_scale_or_config_are_dropped(stored):
  runs, stamps = run.merge_parts(MODULE, stored, ["first"],
                                 {"a1": ["new a1"], "a2": ["new a2"]},
                                 [1, 2], 1.0, CONFIGS, "Measured now.")
  assert runs == {"a1": ["new a1"], "a2": ["new a2"]}
  assert stamps == {"first": "Measured now."}
  assert run.parts_stamp(MODULE, stamps) == (
      "First part: measured now.\n\nSecond part: not run yet (`python -m "
      "benchmarks.quality.run --only toy:second`).")


def test_parts_measured_together_have_one_stamp():
  runs, stamps = run.merge_parts(
      MODULE, _stored(), ["first", "second"],
      {"b1": ["new b1"], "a2": ["new a2"], "a1": ["new a1"]}, [1, 2], 1.0,
      CONFIGS, "Measured now.")
  assert list(runs) == ["a1", "a2", "b1"]  # VARIANTS order
  assert run.parts_stamp(MODULE, stamps) == "Measured now."


def test_anomaly_settings_are_stored_as_json():
  from benchmarks.quality import anomaly, detectors  # pylint: disable=g-import-not-at-top
  config = run._config_dict(anomaly.VARIANTS["class 0 / classical"])  # pylint: disable=protected-access
  assert config["data"] == "digits but 0"
  assert config["config"]["gmm_grid"] == detectors.SETTINGS.gmm_grid
  assert config["config"]["ocsvm_nu"] == 0.1


def test_a_field_added_at_its_default_keeps_stored_runs():
  import collections  # pylint: disable=g-import-not-at-top
  config_type = collections.namedtuple("Config", ["steps", "added"])
  config_type.__new__.__defaults__ = (None,)
  module = types.SimpleNamespace(
      NAME="toy", VARIANTS={"a1": ("data", config_type(5)),
                            "b1": ("data", config_type(7, added=2))},
      PARTS={"first": ["a1"], "second": ["b1"]},
      PART_TITLES={"first": "First part", "second": "Second part"})
  configs = {v: run._config_dict(c) for v, c in module.VARIANTS.items()}
  # Both stored before "added" existed.
  stored = {"seeds": [1], "scale": 1.0,
            "configs": {"a1": {"data": "data", "config": {"steps": 5}},
                        "b1": {"data": "data", "config": {"steps": 7}}},
            "runs": {"a1": ["old a1"], "b1": ["old b1"]},
            "part_stamps": {"first": "Then.", "second": "Then."}}
  runs, stamps = run.merge_parts(module, stored, [], {}, [1], 1.0, configs,
                                 "Now.")
  # a1 runs as it did (added left at its default); b1 does not.
  assert runs == {"a1": ["old a1"]}
  assert stamps == {"first": "Then."}
