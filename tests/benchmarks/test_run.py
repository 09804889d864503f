"""The speed benchmark runs, at tiny sizes and 3 steps, so that it cannot rot.

Timings at these sizes mean nothing; what is checked is that every way
of both models runs, that what the JSON reports follows from its own
timings, and that the peak memory comes from a process per way.
"""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

TF1_WAYS = [
    "matmul_floor", "matmul_floor_lean", "session_run", "session_callable",
    "update", "update_edward", "session_run_disc_gen", "update_disc_gen", "update_logdir", "run",
    "feed_generator", "dataset_generator", "dataset_arrays", "threads_1x1",
    "threads_2x1", "threads_1x2", "grappler_no_remap", "lean", "lean_dataset",
    "lean_threads_1x2", "lean_dataset_threads_1x2", "xla", "xla_dataset",
    "xla_dataset_threads_1x1",
]
CONV_TF1_WAYS = [
    "matmul_floor", "matmul_floor_lean", "session_run", "update",
    "update_edward", "dataset_arrays", "threads_1x2", "lean",
    "lean_threads_1x2", "lean_dataset_threads_1x2", "xla",
    "session_run_bn_unfused", "session_run_tf_bn",
]
STEPS = 3
# The TF1 ways whose peak memory the run reads, each in a process of its
# own.
MEMORY_WAYS = ["update", "matmul_floor_lean"]

# The joint BiGAN step's matrix products, counted by hand:
# forward, 2 encoder + 2 generator + 2 discriminator layers x 2 pairs = 8;
# the generator's objective, per pair 2 products back through the
# discriminator to its input (4), then a weight gradient for each of the
# 4 encoder/generator layers and an input gradient for their top layers
# (6); the discriminator's objective, per pair 2 weight gradients and 1
# input gradient between its layers (6).
MATMULS_PER_STEP = 8 + 4 + 6 + 6


def _run_module(module, *args):
  """Runs `python -m module args` from the repository; must exit 0."""
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
  result = subprocess.run([sys.executable, "-m", module] + list(args),
                          cwd=ROOT, capture_output=True, text=True,
                          timeout=900, env=env)
  assert result.returncode == 0, result.stderr[-3000:]
  return result


@pytest.fixture(scope="module")
def report(tmp_path_factory):
  out = tmp_path_factory.mktemp("speed") / "speed.json"
  result = _run_module("benchmarks.run", "--tiny", "--rounds", "1",
                       "--block", str(STEPS), "--warmup", "1",
                       "--conv-batches", "4", "--conv-rounds", "1",
                       "--conv-block", str(STEPS), "--conv-warmup", "1",
                       "--memory-steps", "2", "--memory-ways",
                       ",".join(MEMORY_WAYS), "--rss-steps", "3",
                       "--import-repeats", "1", "--optional", "tf2,torch",
                       "--no-torch-compile", "--copies", "1", "--json",
                       str(out))
  with open(out) as handle:
    data = json.load(handle)
  data["stdout"] = result.stdout
  return data


def _remote_ways():
  remote = ["tf2_function", "tf2_function_xla"]
  if importlib.util.find_spec("torch") is not None:
    remote.append("torch_eager")
  return remote


def _parts(report):
  """(TF1 way names, part) of the MLP and of the conv model at batch 4."""
  return [(TF1_WAYS, report), (CONV_TF1_WAYS, report["conv"]["4"])]


def test_every_way_of_both_models_is_timed_for_the_steps_asked(report):
  assert sorted(report["conv"]) == ["4"]
  for tf1_ways, part in _parts(report):
    assert sorted(part["ways"]) == sorted(tf1_ways + _remote_ways())
    for name, entry in part["ways"].items():
      assert entry["steps_timed"] == STEPS, name
      assert entry["median_ms"] > 0 and entry["cpu_median_ms"] >= 0, name
    expected_skips = {"torch_compile": "not requested"}
    if "torch_eager" not in _remote_ways():
      expected_skips["torch_eager"] = (
          "PyTorch is not installed (pip install torch==2.13.0 for the CPU "
          "build)")
    assert part["skipped"] == expected_skips
  assert report["conv"]["4"]["sizes"]["batch"] == 4


@pytest.mark.parametrize("model", ["mlp", "conv"])
def test_ratios_follow_from_the_medians(report, model):
  ways = (report if model == "mlp" else report["conv"]["4"])["ways"]
  base = ways["session_run"]["median_ms"]
  floor = ways["matmul_floor"]["median_ms"]
  for name, entry in ways.items():
    # One round: each ratio is the ratio of the two ways' medians.
    assert entry["vs_session_run"] == pytest.approx(entry["median_ms"] / base)
    assert entry["cpu_vs_session_run"] == pytest.approx(
        entry["cpu_median_ms"] / ways["session_run"]["cpu_median_ms"])
    assert entry["vs_matmul_floor"] == pytest.approx(entry["median_ms"] /
                                                     floor)
    if "baseline" in entry:
      assert entry["vs_baseline"] == pytest.approx(
          entry["median_ms"] / ways[entry["baseline"]]["median_ms"])
    if "floor" in entry:
      assert entry["vs_own_floor"] == pytest.approx(
          entry["median_ms"] / ways[entry["floor"]]["median_ms"])


def test_each_graph_way_is_compared_with_the_floor_of_its_own_graph(report):
  for tf1_ways, part in _parts(report):
    ways = part["ways"]
    floors = {name: ways[name].get("floor") for name in tf1_ways}
    # Default options build the lean graph; Edward's options his own.
    for name in ("update", "dataset_arrays", "lean", "lean_threads_1x2",
                 "lean_dataset_threads_1x2"):
      assert floors[name] == "matmul_floor_lean", name
    for name in ("session_run", "update_edward", "threads_1x2", "xla"):
      assert floors[name] == "matmul_floor", name
    assert floors["matmul_floor"] is None
    assert not any("floor" in ways[name] for name in _remote_ways())


def test_conv_targets_and_its_best_path_against_its_own_floor(report):
  from benchmarks._report import FAST_WAYS  # pylint: disable=g-import-not-at-top
  part = report["conv"]["4"]
  ways = part["ways"]
  best = min([name for name in FAST_WAYS if name in ways],
             key=lambda name: ways[name]["vs_session_run"])
  assert part["best_way"] == best
  # torch.compile was not asked for: the targets against it are left out.
  assert [(t["way"], t["baseline"]) for t in part["targets"]] == [
      ("update", "session_run"), (best, ways[best]["floor"]),
      ("dataset_arrays", "update"), ("session_run", "session_run_tf_bn"),
      ("update_edward", "session_run")]
  floor_target = part["targets"][1]
  assert floor_target["limit"] == 1.10
  assert floor_target["ratio"] == pytest.approx(ways[best]["vs_own_floor"])
  for target in part["targets"]:
    assert target["met"] == (target["ratio"] <= target["limit"])


def test_peak_memory_comes_from_a_process_per_way(report):
  for tf1_ways, part in _parts(report):
    ways = part["ways"]
    for name in MEMORY_WAYS + _remote_ways():
      entry = ways[name]
      # The process imported its framework, then built and ran the way.
      assert 0 < entry["import_peak_rss_mb"] <= entry["peak_rss_mb"], name
    for name in set(tf1_ways) - set(MEMORY_WAYS):
      assert "peak_rss_mb" not in ways[name], name
    # The TF1 ways' processes imported edward_lite, the others did not.
    assert ways["update"]["import_peak_rss_mb"] != ways["tf2_function"][
        "import_peak_rss_mb"]
  assert report["memory_steps"] == 2


def test_targets_and_best_way(report):
  ways = report["ways"]
  from benchmarks._report import FAST_WAYS  # pylint: disable=g-import-not-at-top
  # Every fast option, alone and combined, is a candidate.
  assert {"lean", "threads_1x2", "xla", "dataset_arrays",
          "lean_dataset_threads_1x2"} <= set(FAST_WAYS)
  best = min(FAST_WAYS, key=lambda name: ways[name]["vs_session_run"])
  assert report["best_way"] == best
  checked = {(t["way"], t["baseline"]) for t in report["targets"]}
  # torch.compile was not asked for: the two targets against it are left
  # out.
  assert checked == {
      ("update", "session_run"), (best, "matmul_floor"),
      ("update_edward", "session_run"),
      ("update_disc_gen", "session_run_disc_gen"),
      ("update_logdir", "session_run"), ("run", "session_run"),
      ("dataset_arrays", "update"), ("dataset_generator", "feed_generator"),
      (best, "session_run")}
  for target in report["targets"]:
    assert target["met"] == (target["ratio"] <= target["limit"])
    assert target["cpu_met"] == (target["cpu_ratio"] <= target["limit"])


def test_the_readme_block_says_what_a_legacy_script_gets(report):
  from benchmarks._pages import readme_block  # pylint: disable=g-import-not-at-top
  block = readme_block(report, "python -m benchmarks.run --tiny")
  ways = report["ways"]
  legacy = ways["update"]
  # When the legacy way is also the fastest, its one row says so.
  prefix = "best path: " if report["best_way"] == "update" else ""
  assert "| {}{} | {:.2f} | {:.2f} | {:.2f} |".format(
      prefix, legacy["label"], legacy["median_ms"], legacy["vs_session_run"],
      legacy["vs_matmul_floor"]) in block
  assert "| best path: {} |".format(ways[report["best_way"]]["label"]) in block
  assert "by `python -m benchmarks.run --tiny`" in block
  # What initialize chose for the default way's copy, from its session.
  (chosen,) = legacy["session_threads"]
  assert all(isinstance(count, int) and count >= 0 for count in chosen)
  assert "(intra_op x inter_op): {}x{}.".format(*chosen) in block
  assert "load average {:.1f} before".format(
      report["load_average_before"][0]) in block
  target = report["targets"][0]
  assert target["way"] == "update" and target["baseline"] == "session_run"
  assert "- {}: {:.2f}x ({};".format(
      target["target"], target["ratio"],
      "met" if target["met"] else "**not met**") in block
  # The conv model's headline, and tf.data input against the feed loop
  # for both models, from the same run.
  conv = report["conv"]["4"]
  assert "- For the convolutional model at batch 4 (best path `{}`): " \
      "update(feed_dict) with default options (a legacy script) <= 0.80x " \
      "Edward's Session.run + feed_dict {:.2f}x (".format(
          conv["best_way"], conv["targets"][0]["ratio"]) in block
  assert ("- tf.data input (`dataset_arrays`) against the feed loop "
          "(`update(feed_dict)`), both with default options: {:.2f}x for the "
          "MLP, {:.2f}x for the convolutional model at batch 4.".format(
              ways["dataset_arrays"]["vs_baseline"],
              conv["ways"]["dataset_arrays"]["vs_baseline"])) in block


def test_the_docs_conv_block_holds_each_batch_sizes_table(report):
  from benchmarks import _pages, _report  # pylint: disable=g-import-not-at-top
  block = _pages.conv_block(report)
  part = report["conv"]["4"]
  assert _report.format_table(part) in block
  assert "| peak RSS (MB) |" in block
  assert "on synthetic images; peak RSS is each way's own process after 2 " \
      "steps." in block
  assert "load average {:.1f} before".format(
      part["load_average_before"][0]) in block
  assert _pages.input_lines(report)[0] in block


def test_lifecycle_numbers(report):
  extras = report["extras"]
  assert report["matmul_products_per_step"] == MATMULS_PER_STEP
  assert extras["rss_steps"] == 3
  # No op is built inside update(), so the graph does not grow.
  assert extras["graph_ops_added_by_updates"] == 0
  for key in ("import_s", "import_peak_rss_mb", "initialize_s",
              "first_step_s", "rss_before_mb", "rss_after_mb"):
    assert extras[key] > 0, key
  assert report["ways"]["xla"]["first_step_s"] > 0


def test_table_lists_every_way_and_the_machine(report):
  stdout = report["stdout"]
  for _, part in _parts(report):
    for entry in part["ways"].values():
      assert "| {} |".format(entry["label"]) in stdout
  assert "| PyTorch `torch.compile`" in stdout and "skipped: not requested" in stdout
  assert report["machine"]["cpus"] == os.cpu_count()
  assert "machine: " in stdout


def test_a_way_not_asked_for_says_so_even_without_pytorch(monkeypatch):
  from benchmarks import _worker_torch  # pylint: disable=g-import-not-at-top
  monkeypatch.setitem(sys.modules, "torch", None)  # import torch now fails
  missing = ("PyTorch is not installed (pip install torch==2.13.0 for the "
             "CPU build)")
  both = {"torch_eager", "torch_compile"}
  assert _worker_torch.torch_ways({}, None, both, False) == (
      {}, {"torch_eager": missing, "torch_compile": "not requested"})
  assert _worker_torch.torch_ways({}, None, {"torch_compile"}, True) == (
      {}, {"torch_eager": "not requested", "torch_compile": missing})


def test_the_step_profile_adds_up_and_shows_the_lean_ops(tmp_path):
  out = tmp_path / "profile.json"
  result = _run_module("benchmarks.profile_step", "--tiny", "--steps", "2",
                       "--warmup", "1", "--json", str(out))
  with open(out) as handle:
    profiles = json.load(handle)
  plain = profiles["Edward's graph"]
  lean = profiles["lean_gradients=True"]
  for profile in (plain, lean):
    assert profile["op_us"] > 0
  # Edward's leaky ReLU, tf.maximum(x, 0.2 * x), differentiated by
  # TensorFlow: comparisons and selects; by the lean path: LeakyReluGrad.
  assert "GreaterEqual" in plain["by_type"]
  assert "LeakyReluGrad" not in plain["by_type"]
  assert "LeakyReluGrad" in lean["by_type"]
  assert "SelectV2" not in lean["by_type"]
  assert lean["ops"] < plain["ops"]
  for profile in (plain, lean):
    plan = profile["schedule"]
    # Two cores take at least half the work and the longest chain, and a
    # schedule that never idles a core with an op ready takes at most
    # half the work plus that chain (Graham's bound).
    half = plan["work_us"] / plan["cores"]
    assert (max(half, plan["critical_path_us"]) <=
            plan["list_schedule_us"] + 1e-6)
    assert plan["list_schedule_us"] <= (
        half + plan["critical_path_us"] + 1e-6)
  assert "| matrix products |" in result.stdout
  assert "| everything else |" in result.stdout


def test_a_way_with_copies_times_them_in_turn():
  import contextlib  # pylint: disable=g-import-not-at-top
  from benchmarks import _ways  # pylint: disable=g-import-not-at-top

  class FakeModel(object):
    made = []

    def __init__(self):
      self.index = len(FakeModel.made)
      self.closed = False
      FakeModel.made.append(self)
      self.graph = self

    def as_default(self):
      return contextlib.nullcontext()

    def close(self):
      self.closed = True

  ran = []
  way = _ways.GraphWay("w", "w", FakeModel,
                       lambda model: lambda: ran.append(model.index),
                       copies=2)
  way.prepare()
  way.warm_up(3)
  assert ran == [0, 0, 0, 1, 1, 1]  # each copy warmed
  del ran[:]
  for _ in range(4):
    walls, cpus = way.block(2)
    assert len(walls) == len(cpus) == 2
  assert ran == [0, 0, 1, 1, 0, 0, 1, 1]  # round r times copy r % 2
  way.close()
  assert all(model.closed for model in FakeModel.made)
