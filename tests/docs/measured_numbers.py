"""Every number with a unit that the pages' prose quotes, and its source.

Outside the blocks a command writes, a page may quote a number with a
unit ("5.11 ms", "0.97x", "47%") only as one of these entries:

- MEASURED: (page, template, results file, getters). The template is
  the quoted text with a `str.format` field per number; filled with
  the getters' values from the stored file (a path under the
  repository, JSON), it must appear on the page. When a rerun changes
  a number, the test fails until the sentence says the new one. Only
  the fields vouch for the numbers they fill: a number written into a
  template's literal text needs an entry of its own.
- NOT_MEASURED: (page, exact text, why). Settings, goals, thresholds,
  arithmetic on the model's shapes, and figures quoted from papers or
  issues, with what they are. No measurement may be listed here.

tests/docs/test_numbers.py fails on a quoted number in neither list.
"""

import math
import re
import statistics

__all__ = ["MEASURED", "NOT_MEASURED"]

# The quiet run of 2026-12-03 03:22, the latest before issue 28's (a copy
# of the speed.json it wrote).
QUIET_0322 = "benchmarks/results/history/speed-2026-12-03-0322.json"
LOADED = "benchmarks/results/history/speed-2026-12-03-0240.json"
QUIET = "benchmarks/results/history/speed-2026-12-02-2348.json"
OLDEST = "benchmarks/results/history/speed-2026-11-28-2045.json"
STARTUP = "benchmarks/results/startup.json"
# The run of issue 28 (the MLP and the convolutional BiGAN in one run).
SPEED_NOW = "benchmarks/results/speed.json"
PROFILE_CONV = "benchmarks/results/profile-conv.json"
PROFILE = "benchmarks/results/profile.json"
QUALITY = "benchmarks/quality/results.json"
GRID_0FDD86C = "benchmarks/quality/history/results-0fdd86c.json"


def way(name, key="median_ms"):
  return lambda report: report["ways"][name][key]


def target(index, key="ratio"):
  return lambda report: report["targets"][index][key]


def spread(name, end):
  return lambda report: report["ways"][name]["round_median_ms_p10_p90"][end]


def median_of(benchmark, row, key):
  return lambda results: statistics.median(
      run[key] for run in results[benchmark]["runs"][row])


def least(benchmark, row, key):
  return lambda results: min(
      run[key] for run in results[benchmark]["runs"][row])


def most(benchmark, row, key):
  return lambda results: max(
      run[key] for run in results[benchmark]["runs"][row])


def profile_share(graph, group):
  """A row's share of the op time, as the profile table groups op types."""
  def share(results):
    from benchmarks.profile_step import GROUPS  # pylint: disable=g-import-not-at-top
    types = dict(GROUPS)[group]
    return 100.0 * sum(results[graph]["by_type"].get(t, 0.0)
                       for t in types) / results[graph]["op_us"]
  return share


RECOMMENDED = "BiGAN + ALAD + ALICE + EMA (recommended)"
MNIST_RECOMMENDED = "BiGAN + ALAD + ALICE (lambda 16) + EMA (recommended)"
MNIST_EDWARD = "BiGAN (Edward's objective)"
MNIST_CODES = ("BiGAN + ALAD + ALICE (lambda 64) + EMA + dropout in D "
               "(for codes)")
# The codes row before dropout, kept in the MNIST run of 2026-12-07.
MNIST_CODES_A160A2A = "BiGAN + ALAD + ALICE (lambda 64) + EMA (for codes)"
MNIST_A160A2A = "benchmarks/quality/history/results-a160a2a.json"
MNIST_SAMPLES = "BiGAN + ALAD + EMA, batch-normalized G (for samples)"
MNIST_REFERENCE = "reference (pixels, PCA, real digits)"


def mnist_reference(*keys):
  def read(results):
    value = results["mnist"]["runs"][MNIST_REFERENCE][0]
    for key in keys:
      value = value[key]
    return value
  return read


def mnist_curve_median(row, index):
  return lambda results: statistics.median(
      run["curve"][index][1] for run in results["mnist"]["runs"][row])
DIGITS_EDWARD = "BiGAN (Edward's objective)"
DIGITS_ALICE = "BiGAN + ALICE term (lambda = 1)"
BENCH = "docs/benchmarks.md"

MEASURED = [
    # The quiet run of 03:22, the latest before issue 28.
    (BENCH, "options took **{:.2f}x** Edward's", QUIET_0322, [target(0)]),
    (BENCH, "(goal 0.80x: met; {:.2f}x in CPU time) and\n{:.2f}x the step of "
     "`torch.compile` ({:.2f}x in CPU time)", QUIET_0322,
     [target(0, "cpu_ratio"), target(2), target(2, "cpu_ratio")]),
    (BENCH, "path, at {:.2f}x\nthe matmuls alone (goal 1.05x)", QUIET_0322,
     [target(1)]),
    (BENCH, "alone ({:.2f} ms) the step's {:.2f} ms is {:.2f}x", QUIET_0322,
     [way("matmul_floor_lean"), way("update"),
      lambda r: r["ways"]["update"]["median_ms"] /
      r["ways"]["matmul_floor_lean"]["median_ms"]]),
    (BENCH, "set by hand,\n  {:.2f} ms)", QUIET_0322, [way("lean_threads_1x2")]),
    (BENCH, "the two give\n  {:.2f}x each", QUIET_0322,
     [way("lean_threads_1x2", "vs_matmul_floor")]),
    (BENCH, "took {:.2f} ms against the feed\nloop's {:.2f} ms, {:.2f}x",
     QUIET_0322, [way("dataset_arrays"), way("update"),
             way("dataset_arrays", "vs_baseline")]),
    (BENCH, "options {:.2f} ms against {:.2f} ms", QUIET_0322,
     [way("lean_dataset_threads_1x2"), way("lean_threads_1x2")]),
    (BENCH, "(tf.data\n{:.2f}x and", QUIET, [way("dataset_arrays", "vs_baseline")]),
    (BENCH, "and {:.2f}x); only", LOADED, [way("dataset_arrays", "vs_baseline")]),
    (BENCH, "did tf.data tie it\n({:.2f}x)", OLDEST,
     [way("dataset_arrays", "vs_baseline")]),
    # The loaded run.
    (BENCH, "options took {:.3f}x Edward's", LOADED, [target(0)]),
    (BENCH, "took {:.3f}x the\nmatmuls alone (goal 1.05x: met in this run, "
     "{:.3f}x in CPU time)", LOADED, [target(1), target(1, "cpu_ratio")]),
    (BENCH, "`torch.compile` ({:.3f}x and {:.3f}x its step)", LOADED,
     [target(2), target(3)]),
    (BENCH, "spread from {:.2f}\n  to {:.2f} ms (10th to 90th percentile), the "
     "best path's from {:.2f} to\n  {:.2f} ms", LOADED,
     [spread("matmul_floor", 0), spread("matmul_floor", 1),
      spread("lean_threads_1x2", 0), spread("lean_threads_1x2", 1)]),
    (BENCH, "measured\n  {:.3f}x the floor in this same run against the best "
     "path's {:.3f}x", LOADED, [way("update", "vs_matmul_floor"),
                                way("lean_threads_1x2", "vs_matmul_floor")]),
    (BENCH, "`torch.compile` took {:.2f} ms a step\n  with {:.2f} ms of CPU, "
     "eager {:.2f} ms", LOADED,
     [way("torch_compile"), way("torch_compile", "cpu_median_ms"),
      way("torch_eager")]),
    (BENCH, "against {:.2f} ms and {:.2f} ms in\n  the run of 2026-11-28",
     OLDEST, [way("torch_compile"), way("torch_eager")]),
    (BENCH, "`torch.compile` at {:.2f} ms and {:.2f}x of Edward's", OLDEST,
     [way("torch_compile"), way("torch_compile", "vs_session_run")]),
    # The quiet run of 23:48.
    (BENCH, "default options took {:.3f}x Edward's `Session.run` + feed_dict "
     "step\n(goal 0.80x", QUIET, [target(0)]),
    (BENCH, "The best path took {:.3f}x the matmuls alone", QUIET,
     [target(1)]),
    # The oldest run.
    (BENCH, "with **2 CPUs** and\n{:.1f} GB of memory", OLDEST,
     [lambda r: r["machine"]["memory_gb"]]),
    (BENCH, "took {:.3f}x the time of Edward's\nfeed_dict loop ({:.3f}x its "
     "CPU time) and {:.2f}x the plain graph's", OLDEST,
     [way("lean_dataset_threads_1x2", "vs_session_run"),
      way("lean_dataset_threads_1x2", "cpu_vs_session_run"),
      way("lean_dataset_threads_1x2", "vs_matmul_floor")]),
    (BENCH, "jit-compiled step ({:.2f}x) and of\nPyTorch's `torch.compile` "
     "({:.2f}x); with feed_dict input the same\noptions gave {:.2f}x. That "
     "tf.data's reading ahead paid ({:.2f}x against\n{:.2f}x)", OLDEST,
     [way("tf2_function_xla", "vs_session_run"),
      way("torch_compile", "vs_session_run"),
      way("lean_threads_1x2", "vs_session_run"),
      way("lean_dataset_threads_1x2", "vs_session_run"),
      way("lean_threads_1x2", "vs_session_run")]),
    (BENCH, "`dataset_arrays`\ntook {:.2f}x the feed loop in this run", OLDEST,
     [way("dataset_arrays", "vs_baseline")]),
    (BENCH, "this run and {:.2f}x,", QUIET, [way("dataset_arrays", "vs_baseline")]),
    (BENCH, "1.03x, {:.2f}x, 1.12x and 1.04x\nin the four stored runs", LOADED,
     [way("dataset_arrays", "vs_baseline")]),
    (BENCH, "{:.2f}x and 1.04x\nin the four stored runs after it", QUIET_0322,
     [way("dataset_arrays", "vs_baseline")]),
    (BENCH, "and {:.2f}x\nin the four stored runs after it", SPEED_NOW,
     [way("dataset_arrays", "vs_baseline")]),
    (BENCH, "(0.78x here, {:.2f}x in the run of 03:22)", QUIET_0322,
     [way("dataset_generator", "vs_baseline")]),
    (BENCH, "({:.2f}x here, 0.85x in the run of 03:22)", OLDEST,
     [way("dataset_generator", "vs_baseline")]),
    # Profile.
    (BENCH, "passes through it: {:.0f}% of the op time", PROFILE,
     [profile_share("Edward's graph", "leaky ReLU and its gradient")]),
    # Threads.
    (BENCH, "In the quiet run of 03:22: {:.2f}x Edward's step for Edward's\n"
     "  graph, {:.2f}x with lean gradients, {:.2f}x with tf.data input too. "
     "Fewer\n  threads lose: `1, 1` is {:.2f}x (one core idle), `2, 1` is "
     "{:.2f}x.", QUIET_0322,
     [way("threads_1x2", "vs_session_run"),
      way("lean_threads_1x2", "vs_session_run"),
      way("lean_dataset_threads_1x2", "vs_session_run"),
      way("threads_1x1", "vs_session_run"),
      way("threads_2x1", "vs_session_run")]),
    # Session call.
    (BENCH, "`update()`\n  took {:.3f}x the bare `Session.run`", LOADED,
     [way("update_edward", "vs_session_run")]),
    (BENCH, "and\n  {:.3f}x before it (the 23:48 run)", QUIET,
     [way("update_edward", "vs_session_run")]),
    # XLA and grappler.
    (BENCH, "Edward's graph took {:.2f}x Edward's step in the run of 03:22",
     QUIET_0322, [way("xla", "vs_session_run")]),
    (BENCH, "and\n  {:.2f}x,", QUIET, [way("xla", "vs_session_run")]),
    (BENCH, "1.00x, {:.2f}x (under load)", LOADED,
     [way("xla", "vs_session_run")]),
    (BENCH, "(under load) and {:.2f}x in the earlier ones", OLDEST,
     [way("xla", "vs_session_run")]),
    (BENCH, "one thread per op took {:.2f}x (the XLA", QUIET_0322,
     [way("lean_threads_1x2", "vs_session_run")]),
    (BENCH, "remapper off took\n  {:.2f}x Edward's step in the run of 03:22, "
     "as it is {:.2f}x", QUIET_0322, [way("grappler_no_remap", "vs_session_run"),
                              way("update_edward", "vs_session_run")]),
    (BENCH, "`dataset_arrays` took {:.2f}x,", OLDEST,
     [way("dataset_arrays", "vs_baseline")]),
    (BENCH, "took 0.98x, {:.2f}x,", QUIET, [way("dataset_arrays", "vs_baseline")]),
    (BENCH, "1.03x, {:.2f}x, 1.12x and 1.04x the feed\n  loop in the five "
     "stored runs", LOADED, [way("dataset_arrays", "vs_baseline")]),
    (BENCH, "{:.2f}x and 1.04x the feed\n  loop in the five stored runs",
     QUIET_0322, [way("dataset_arrays", "vs_baseline")]),
    (BENCH, "and {:.2f}x the feed\n  loop in the five stored runs", SPEED_NOW,
     [way("dataset_arrays", "vs_baseline")]),
    (BENCH, "made Edward's graph's step {:.2f}x Edward's in the quiet run "
     "of 03:22", QUIET_0322,
     [way("threads_1x2", "vs_session_run")]),
    # Start-up.
    (BENCH, "first step comes {:.2f} s later", STARTUP,
     [lambda r: r["median_seconds"]["first_step"] -
      r["median_seconds"]["first_step_tf_threads"]]),
    (BENCH, "saved the lean graph\n{:.2f} ms", QUIET,
     [lambda r: r["ways"]["lean"]["median_ms"] -
      r["ways"]["lean_threads_1x2"]["median_ms"]]),
    (BENCH, "ms and {:.2f} ms at every later step", QUIET_0322,
     [lambda r: r["ways"]["lean"]["median_ms"] -
      r["ways"]["lean_threads_1x2"]["median_ms"]]),
    # Quality.
    ("docs/quality.md", "had only {:.0f}% of its samples high", GRID_0FDD86C,
     [median_of("grid", RECOMMENDED, "high_quality_percent")]),
    ("docs/quality.md", "every seed, {:.0f}-{:.0f}%\nhigh-quality samples "
     "(median {:.0f}%)", QUALITY,
     [least("grid", RECOMMENDED, "high_quality_percent"),
      most("grid", RECOMMENDED, "high_quality_percent"),
      median_of("grid", RECOMMENDED, "high_quality_percent")]),
    ("docs/quality.md", "centres ({:.0f}% high quality in 1-D)", QUALITY,
     [median_of("mixture", "1-D / BiGAN + ALICE term (lambda = 1)",
                "high_quality_percent")]),
    ("docs/quality.md", "steadier ({:.0f}-{:.0f}%\nover seeds, against "
     "{:.0f}-{:.0f}% for Edward's", QUALITY,
     [least("digits", DIGITS_ALICE, "reconstruction_label_percent"),
      most("digits", DIGITS_ALICE, "reconstruction_label_percent"),
      least("digits", DIGITS_EDWARD, "reconstruction_label_percent"),
      most("digits", DIGITS_EDWARD, "reconstruction_label_percent")]),
]

MNIST_RECIPE = "BiGAN recipe (ALICE lambda 16 sum, ALAD, EMA)"


def mnist_anomaly(row, metric):
  return lambda results: results["mnist_anomaly"]["summary"][row][metric]


def mnist_anomaly_minutes(part):
  return lambda results: statistics.median(
      run["minutes"] for run in results["mnist_anomaly"]["runs"][part])


EDWARD_16D = "BiGAN (Edward's objective), 16-D codes, 6000 steps, "
DIGITS_RECIPE = "BiGAN recipe (ALICE sum, ALAD, EMA), "


def anomaly_mean(row, metric):
  return lambda results: results["anomaly"]["summary"][row]["mean_" + metric]


MEASURED += [
    # Without units, and so not required by the test, but kept true by it.
    ("docs/quality.md", "a mean AUROC of {:.3f} and AUPRC {:.3f}; the options "
     "take that to {:.3f}\nand {:.3f}.", QUALITY,
     [anomaly_mean(EDWARD_16D + "code-density", "auroc"),
      anomaly_mean(EDWARD_16D + "code-density", "auprc"),
      anomaly_mean(DIGITS_RECIPE + "code-density", "auroc"),
      anomaly_mean(DIGITS_RECIPE + "code-density", "auprc")]),
    ("docs/quality.md", "first rows ({:.3f} and {:.3f},", QUALITY,
     [anomaly_mean("BiGAN (Edward's objective), cross-entropy", "auroc"),
      anomaly_mean("BiGAN (Edward's objective), cross-entropy", "auprc")]),
    ("docs/quality.md", "AUROC of {:.3f} with the\ncross-entropy and {:.3f} "
     "with the code density.", QUALITY,
     [anomaly_mean(EDWARD_16D + "cross-entropy", "auroc"),
      anomaly_mean(EDWARD_16D + "code-density", "auroc")]),
    ("docs/quality.md", "fall to {:.3f} and\n{:.3f}. The recipe", QUALITY,
     [mnist_anomaly("Gaussian KDE", "auroc"),
      mnist_anomaly("k-NN distance", "auroc")]),
    ("docs/quality.md", "(AUROC\n{:.3f}, AUPRC {:.3f})", QUALITY,
     [mnist_anomaly(MNIST_RECIPE + ", code-density", "auroc"),
      mnist_anomaly(MNIST_RECIPE + ", code-density", "auprc")]),
    ("docs/quality.md", "untrained give {:.3f} and {:.3f}", QUALITY,
     [mnist_anomaly(MNIST_RECIPE + ", untrained networks, code-density",
                    "auroc"),
      mnist_anomaly(MNIST_RECIPE + ", untrained networks, code-density",
                    "auprc")]),
    ("docs/quality.md", "LocalOutlierFactor, at {:.3f}\nand {:.3f}", QUALITY,
     [mnist_anomaly("LocalOutlierFactor", "auroc"),
      mnist_anomaly("LocalOutlierFactor", "auprc")]),
    ("docs/quality.md", "took {:.1f} min per seed here", QUALITY,
     [mnist_anomaly_minutes("bigan")]),
    ("docs/quality.md", "classical detectors\n{:.1f} min, two runs", QUALITY,
     [mnist_anomaly_minutes("classical")]),
]

MEASURED += [
    ("docs/quality.md", "The raw pixels give {:.2f}% here", QUALITY,
     [mnist_reference("pixels", "nn1_percent")]),
    ("docs/quality.md", "The codes recipe gives {:.2f}% after 6000 steps "
     "({:.2f}% to {:.2f}%", QUALITY,
     [median_of("mnist", MNIST_CODES, "nn1_percent"),
      least("mnist", MNIST_CODES, "nn1_percent"),
      most("mnist", MNIST_CODES, "nn1_percent")]),
    ("docs/quality.md", "rising at the end ({:.2f}% at 4500 steps)", QUALITY,
     [mnist_curve_median(MNIST_CODES, 2)]),
    ("docs/quality.md", "lambda 64 peaked at\n{:.2f}% at 5000 steps and "
     "ended at {:.2f}% after 10000", MNIST_A160A2A,
     [mnist_curve_median(MNIST_CODES_A160A2A, 1),
      median_of("mnist", MNIST_CODES_A160A2A, "nn1_percent")]),
    ("docs/quality.md", "PCA to 50-D ({:.2f}%)", QUALITY,
     [mnist_reference("pca", "nn1_percent")]),
    ("docs/quality.md", "recommended option gives {:.2f}% after 6000 steps",
     QUALITY, [median_of("mnist", MNIST_RECOMMENDED, "nn1_percent")]),
    ("docs/quality.md", "point, {:.2f}% at 3000 steps, under PCA", QUALITY,
     [mnist_curve_median(MNIST_RECOMMENDED, 1)]),
    ("docs/quality.md", "its median score is {:.2f}; its codes give {:.2f}%",
     QUALITY, [median_of("mnist", MNIST_EDWARD, "score"),
               median_of("mnist", MNIST_EDWARD, "nn1_percent")]),
    ("docs/quality.md", "recommended option scores {:.0f}% of the real",
     QUALITY, [lambda results: 100.0 * results["mnist"]["summary"][
         MNIST_RECOMMENDED]["score_ratio"]]),
    ("docs/quality.md", "\nscoring {:.2f}, {:.0f}% of the real digits' "
     "{:.2f}", QUALITY,
     [median_of("mnist", MNIST_SAMPLES, "score"),
      lambda results: 100.0 * results["mnist"]["summary"][
          MNIST_SAMPLES]["score_ratio"],
      mnist_reference("score")]),
    ("docs/quality.md", "digits (H(y) {:.3f} against {:.3f}) and digits the "
     "judge is less sure of\n(H(y|x) {:.3f} against {:.3f})", QUALITY,
     [median_of("mnist", MNIST_SAMPLES, "class_entropy"),
      mnist_reference("class_entropy"),
      median_of("mnist", MNIST_SAMPLES, "conditional_entropy"),
      mnist_reference("conditional_entropy")]),
    # The score each entropy alone would allow, as a share of the real
    # digits': exp(-(gap in H(y|x))) and exp(-(gap in H(y))).
    ("docs/quality.md", "H(y) would give {:.0f}% of their score, its\nH(y) "
     "with their H(y|x) {:.0f}%", QUALITY,
     [lambda results: 100.0 * math.exp(-(
          statistics.median(r["conditional_entropy"] for r in results[
              "mnist"]["runs"][MNIST_SAMPLES]) -
          results["mnist"]["runs"][MNIST_REFERENCE][0][
              "conditional_entropy"])),
      lambda results: 100.0 * math.exp(-(
          results["mnist"]["runs"][MNIST_REFERENCE][0]["class_entropy"] -
          statistics.median(r["class_entropy"] for r in results[
              "mnist"]["runs"][MNIST_SAMPLES])))]),
    ("docs/quality.md", "judges them scores {:.2f}% on the test digits",
     QUALITY, [mnist_reference("classifier_percent")]),
    ("docs/quality.md", "\nEdward's objective took {:.1f} min (6000 steps)",
     QUALITY, [median_of("mnist", MNIST_EDWARD, "minutes")]),
    ("docs/quality.md", "\nrecommended option {:.1f} min (6000)", QUALITY,
     [median_of("mnist", MNIST_RECOMMENDED, "minutes")]),
    ("docs/quality.md", "\ncodes recipe {:.1f} min (6000)", QUALITY,
     [median_of("mnist", MNIST_CODES, "minutes")]),
    ("docs/quality.md", "\nsamples recipe {:.1f} min (6000)", QUALITY,
     [median_of("mnist", MNIST_SAMPLES, "minutes")]),
    ("docs/quality.md", "benchmark took {:.1f} min of wall clock", QUALITY,
     [lambda results: float(re.search(
         r"([\d.]+) min wall clock", results["mnist"]["stamp"]).group(1))]),
]



def conv(batch, getter):
  """`getter` applied to the convolutional model's report at `batch`."""
  return lambda report: getter(report["conv"][str(batch)])


MEASURED += [
    (BENCH, "matrix products alone take\n{:.2f}x Edward's step at batch 64",
     SPEED_NOW, [conv(64, way("matmul_floor_lean", "vs_session_run"))]),
    (BENCH, "matmuls in wall time ({:.2f}x) though not in CPU time\n({:.2f}x)",
     SPEED_NOW, [target(1), target(1, "cpu_ratio")]),
    (BENCH, "graph's own matmuls it took {:.2f}x. The", SPEED_NOW,
     [lambda report: report["ways"][report["best_way"]]["median_ms"] /
      report["ways"]["matmul_floor_lean"]["median_ms"]]),
    (BENCH, "\n{:.2f}x at batch 100, so a step", SPEED_NOW,
     [conv(100, way("matmul_floor_lean", "vs_session_run"))]),
    (BENCH, "the convolutions are {:.0f}% of the lean step's op", PROFILE_CONV,
     [profile_share("lean_gradients=True", "convolutions")]),
    (BENCH, "batch 100 but not at batch 64 ({:.2f}x; in CPU time",
     SPEED_NOW, [conv(64, target(5))]),
    (BENCH, "share of the op time falls from {:.0f}% to {:.0f}%", PROFILE_CONV,
     [profile_share("Edward's graph", "leaky ReLU and its gradient"),
      profile_share("lean_gradients=True", "leaky ReLU and its gradient")]),
]

def same_options(input_way):
  """The best path's options, fed or from tf.data, against Edward's step."""
  return way(input_way, "vs_session_run")


def not_products(graph):
  """The share of the op time that is not matrix products."""
  return lambda results: 100.0 - profile_share(graph, "matrix products")(
      results)


MEASURED += [
    # tf.data against fed steps with the best path's options, after the
    # run of 2026-11-28 that found tf.data ahead.
    (BENCH, "tf.data input\nand fed steps took {:.2f}x and {:.2f}x Edward's "
     "step in the run of 23:48", QUIET,
     [same_options("lean_dataset_threads_1x2"),
      same_options("lean_threads_1x2")]),
    (BENCH, "\n{:.2f}x and {:.2f}x in the run of 02:40 (under load)", LOADED,
     [same_options("lean_dataset_threads_1x2"),
      same_options("lean_threads_1x2")]),
    (BENCH, "{:.2f}x and {:.2f}x in\nthe run of 03:22", QUIET_0322,
     [same_options("lean_dataset_threads_1x2"),
      same_options("lean_threads_1x2")]),
    (BENCH, "the run of 03:22 and {:.2f}x and {:.2f}x in the latest",
     SPEED_NOW, [same_options("lean_dataset_threads_1x2"),
                 same_options("lean_threads_1x2")]),
    # The MLP's profile.
    (BENCH, "In Edward's graph {:.0f}% of the op time is not matrix products",
     PROFILE, [not_products("Edward's graph")]),
    (BENCH, "softplus cross-entropies. {:.0f} ops a step become {:.0f};",
     PROFILE, [lambda r: r["Edward's graph"]["ops"],
               lambda r: r["lean_gradients=True"]["ops"]]),
    (BENCH, "the products ({:.0f}% of the lean graph's op time)", PROFILE,
     [profile_share("lean_gradients=True", "matrix products")]),
]

def anomaly_gain_points(metric):
  """What training adds to the recipe's code density, in points."""
  recipe = anomaly_mean(DIGITS_RECIPE + "code-density", metric)
  untrained = anomaly_mean(
      DIGITS_RECIPE + "untrained networks, code-density", metric)
  return lambda results: 100.0 * (recipe(results) - untrained(results))


def digits_gain(row):
  return lambda results: results["digits"]["summary"][row]["probe_gain_points"]


MEASURED += [
    ("docs/quality.md", "Training adds {:.0f}-{:.0f} points to the linear "
     "probe", QUALITY, [digits_gain(DIGITS_EDWARD), digits_gain(DIGITS_ALICE)]),
    ("docs/quality.md", "training adds {:.0f} points\nof AUROC and {:.0f} of "
     "AUPRC", QUALITY, [anomaly_gain_points("auroc"),
                        anomaly_gain_points("auprc")]),
]

MEASURED += [
    ("README.md", "threads took {:.2f}x the bare\n`Session.run` of the same ops "
     "in the speed run above ({:.2f}x in CPU\ntime)", SPEED_NOW,
     [way("update_edward", "vs_session_run"),
      way("update_edward", "cpu_vs_session_run")]),
]

def seeds_of(*benchmarks):
  """The seeds the benchmarks ran on, as "40-44"; both, when they differ."""
  def spans(results):
    found = []
    for name in benchmarks:
      seeds = sorted(results[name]["seeds"])
      text = ("{}-{}".format(seeds[0], seeds[-1])
              if seeds == list(range(seeds[0], seeds[-1] + 1))
              else ", ".join(str(seed) for seed in seeds))
      if text not in found:
        found.append(text)
    return " / ".join(found)
  return spans


MEASURED += [
    # Seeds, not units, but the intro names them for every table.
    ("docs/quality.md", "line names them: {} for the grid, {} for the "
     "mixtures and the\ndigits, {} for the anomaly benchmark, {} for MNIST "
     "and {}\nfor its anomaly benchmark", QUALITY,
     [seeds_of("grid"), seeds_of("mixture", "digits"), seeds_of("anomaly"),
      seeds_of("mnist"), seeds_of("mnist_anomaly")]),
]

NOT_MEASURED = [
    (BENCH, "goal 0.80x", "issue 18's goal"),
    (BENCH, "at most 0.80x Edward's step, is", "issue 28's goal"),
    (BENCH, "layer, within 3%) at", "issue 28's goal"),
    (BENCH, "the goal of 0.80x Edward's step: the", "issue 28's goal"),
    (BENCH, "goal 1.05x", "issue 18's goal"),
    (BENCH, "a 1.05x goal", "issue 18's goal"),
    (BENCH, "default options at most 0.80x", "issue 28's goal"),
    (BENCH, "the best path at most 1.10x", "issue 28's goal"),
    (BENCH, "(within the 3% by which two copies", "issue 28's goal's margin"),
    (BENCH, "the 9% of work they threw away",
     "arithmetic: 25 of the step's 275 million multiply-adds"),
    (BENCH, "for up to 0.2 s in all", "a setting of the thread timing"),
    (BENCH, "at least 3% faster", "a setting of the thread timing"),
    (BENCH, "within the 3% that keeps", "a setting of the thread timing"),
    (BENCH, "longer than 0.25 s", "a setting of the thread timing"),
    (BENCH, "more than 256 MB", "a setting of the thread timing"),
    (BENCH, "then 0.2 s of timed steps", "a setting of the thread timing"),
    (BENCH, "(28 bytes per\n  parameter",
     "arithmetic: Adam reads four float32 arrays and writes three"),
    (BENCH, "21 MB\n  a step",
     "arithmetic: 28 bytes for each of the model's 752,635 parameters"),
    ("docs/differences.md", "another is 3% faster",
     "a setting of the thread timing"),
    ("docs/differences.md", "showed as 28%",
     "a quoted display of Edward's progress bar"),
    ("docs/quality.md", "issue #8's 20 modes and 20%", "issue #8's target"),
    ("docs/quality.md", "at least\n30% high-quality", "issue 13's target"),
    ("docs/quality.md", "the paper reports 97.39% for its BiGAN",
     "the BiGAN paper's Table 1 (Donahue et al., 2017)"),
    ("docs/quality.md", "goal,\n97.39% as", "issue 24's goal"),
    ("docs/quality.md", "at least 8 points above", "issue #8's target"),
    ("docs/quality.md", "(goal: at least 98%)", "issue 24's goal"),
    ("docs/quality.md", "goal (within 10% of the real", "issue 24's goal"),
]
