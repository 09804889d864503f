"""The README's measured numbers: how they are computed and that they stand."""

import json
import os

import pytest

from benchmarks import demo_cost, readme_snippets

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def _readme():
  with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
    return handle.read()


def test_directory_bytes_counts_each_file_once_and_skips_links(tmp_path):
  (tmp_path / "a").write_bytes(b"x" * 1000)
  (tmp_path / "sub").mkdir()
  (tmp_path / "sub" / "b").write_bytes(b"y" * 234)
  os.link(tmp_path / "a", tmp_path / "sub" / "hard_a")
  os.symlink(tmp_path / "a", tmp_path / "soft_a")
  assert demo_cost.directory_bytes(str(tmp_path)) == 1234


def test_snippet_table_cells_are_median_and_range_over_seeds():
  runs = [{"probe": p, "probe_untrained": 0.70, "spread": s,
           "reconstruction_ratio": r}
          for p, s, r in [(0.80, 0.9, 0.2), (0.95, 0.7, 0.4),
                          (0.85, 0.8, 0.3)]]
  table = readme_snippets.table({"15 lines": runs})
  # Gains 10, 25 and 15 points: median 15.
  assert table.splitlines()[-1] == (
      "| 15 lines | +15.0 (+10.0-+25.0) | 0.80 (0.70-0.90) | "
      "0.30 (0.20-0.40) |")


def test_snippet_variants_are_the_readme_blocks():
  first = readme_snippets.readme_snippet("15 lines")
  assert "reconstruction_weight=64.0" in first
  plain = readme_snippets.readme_snippet("Edward's objective")
  assert "reconstruction_weight" not in plain
  assert plain == first.replace(", reconstruction_weight=64.0", "")
  fast = readme_snippets.readme_snippet("tf.data and threads")
  # The fast block takes the place of the first block's last five lines.
  assert fast.startswith(first.split("inference = ")[0])
  assert "lean_gradients=True" in fast
  with pytest.raises(ValueError, match="name must be"):
    readme_snippets.readme_snippet("16 lines")


def test_readme_demo_cost_is_the_benchmarks():
  with open(demo_cost.RESULTS) as handle:
    written = json.load(handle)
  assert demo_cost._sentence(written) in _readme()  # pylint: disable=protected-access
  assert written["minutes"] * 60 == pytest.approx(
      sorted(written["seconds"])[len(written["seconds"]) // 2])


def test_readme_speed_block_is_the_benchmarks():
  from benchmarks import _pages  # pylint: disable=g-import-not-at-top
  with open(os.path.join(ROOT, "benchmarks", "results",
                         "speed.json")) as handle:
    written = json.load(handle)
  assert "--readme" in written["command"]
  assert _pages.readme_block(written, written["command"]) in _readme()


def test_readme_startup_block_is_the_benchmarks():
  from benchmarks import startup  # pylint: disable=g-import-not-at-top
  with open(os.path.join(ROOT, "benchmarks", "results",
                         "startup.json")) as handle:
    written = json.load(handle)
  assert "--readme" in written["command"]
  assert startup.readme_sentence(written) in _readme()


def test_write_block_replaces_only_between_its_markers(tmp_path):
  from benchmarks import _readme  # pylint: disable=g-import-not-at-top
  page = tmp_path / "README.md"
  page.write_text("top\n<!-- BEGIN a -->\nold\nlines\n<!-- END a -->\n"
                  "<!-- BEGIN b -->\nkept\n<!-- END b -->\n")
  _readme.write_block("a", "new", path=str(page))
  assert page.read_text() == ("top\n<!-- BEGIN a -->\nnew\n<!-- END a -->\n"
                              "<!-- BEGIN b -->\nkept\n<!-- END b -->\n")
  with pytest.raises(ValueError, match="no <!-- BEGIN c --> ... <!-- END c "
                                       "--> markers"):
    _readme.write_block("c", "x", path=str(page))


def test_fair_comparisons_name_the_fastest_way_and_the_lean_floor():
  from benchmarks import _pages  # pylint: disable=g-import-not-at-top
  threads = [[1, 2]]
  ways = {"update": {"median_ms": 6.0, "session_threads": threads},
          "lean_threads_1x2": {"median_ms": 5.0, "session_threads": threads,
                               "vs_matmul_floor": 1.02},
          "matmul_floor_lean": {"median_ms": 4.0}}
  lines = _pages.fair_comparisons({"ways": ways, "best_way": "lean_threads_1x2"})
  assert lines == [
      "- The fastest way measured was `lean_threads_1x2` (5.00 ms); plain "
      "`update(feed_dict)` with default options took 6.00 ms.",
      "- The same options set by hand (`lean_threads_1x2`) took 5.00 ms "
      "(1.02x the matmuls alone): the best path is the faster of such twins, "
      "so its ratio leans low by their spread.",
      "- Against the lean graph's own matmuls alone (the products its step "
      "runs): the best path's 5.00 ms to their 4.00 ms, 1.25x (ratio of the "
      "medians)."]
  # Different threads are no twins; without the lean floor, no such line.
  ways["lean_threads_1x2"]["session_threads"] = [[0, 0]]
  del ways["matmul_floor_lean"]
  assert _pages.fair_comparisons({"ways": ways, "best_way": "update"}) == [
      "- No option measured faster than plain `update(feed_dict)` with "
      "default options: it is the best path here."]


def test_profile_table_of_a_run_without_schedule_has_no_schedule_lines():
  from benchmarks import profile_step  # pylint: disable=g-import-not-at-top
  results = {"g": {"by_type": {"_MklMatMul": 30.0, "Foo": 10.0},
                   "op_us": 40.0, "ops": 2}}
  table = profile_step.docs_table(results)
  assert table.splitlines()[2] == "| matrix products | 30 (75%) |"
  assert table.splitlines()[-1] == "| **all ops** | 40 (2 ops) |"
  results["g"]["schedule"] = {"work_us": 40.0, "critical_path_us": 25.0,
                              "list_schedule_us": 24.0, "cores": 2}
  assert profile_step.docs_table(results).splitlines()[-1] == (
      "g: work 40 us, critical path 25 us, list schedule on 2 cores 24 us "
      "(1.20x half the work)")


def test_profile_table_states_the_runs_conditions_when_stored():
  from benchmarks import profile_step  # pylint: disable=g-import-not-at-top
  results = {"g": {"by_type": {"_MklMatMul": 30.0}, "op_us": 30.0, "ops": 1}}
  plain = profile_step.docs_table(results)
  results[profile_step.RUN] = {
      "command": "python -m benchmarks.profile_step", "date":
      "2026-12-08 01:00 UTC", "load_average_before": [0.3, 0.5, 0.5],
      "load_average_after": [1.5, 1.0, 0.5]}
  assert profile_step.docs_table(results) == (
      "Measured 2026-12-08 01:00 UTC by `python -m benchmarks.profile_step`, "
      "load average 0.3 before and 1.5 after.\n\n" + plain)
