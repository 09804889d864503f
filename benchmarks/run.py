"""Speed of edward_lite's update path against what users would pick instead.

Trains Edward's MNIST-size BiGAN (see benchmarks/_models.py) every way
side by side, in rounds that interleave the ways' blocks of steps
(benchmarks/_harness.py), after a warm-up, and reports the median time
per step, the process CPU time per step, and each way's ratio to its
baseline. Then checks the targets of issue 6, and measures import time
and memory, graph build, first step, and RSS over a long run.

    python -m benchmarks.run                      # full run, ~10 minutes
    python -m benchmarks.run --tiny --rounds 1 --block 3 --warmup 1 \\
        --optional none --rss-steps 3 --json /tmp/speed.json

TF2 (`tf.function`) and PyTorch run in child processes driven in step
with the rest (edward_lite holds this process in graph mode); each is
skipped, with a line saying so, when it is not installed or not asked
for.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

# The XLA ways call initialize(xla=True) after other ways ran graphs, and
# TensorFlow reads its CPU auto-clustering flag at the process's first
# graph run: this process takes it from the start (see
# docs/import-side-effects.md). The other ways do not ask for XLA, so
# the flag changes nothing for them.
if "--tf_xla_cpu_global_jit" not in os.environ.get("TF_XLA_FLAGS", ""):
  os.environ["TF_XLA_FLAGS"] = " ".join(filter(None, [
      os.environ.get("TF_XLA_FLAGS"), "--tf_xla_cpu_global_jit"]))

import edward_lite as ed  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402

from benchmarks import _models  # noqa: E402
from benchmarks import _readme  # noqa: E402
from benchmarks import _ways  # noqa: E402
from benchmarks._harness import Way, interleave  # noqa: E402

__all__ = ["fair_comparisons", "format_extras", "format_table", "main",
           "parse_args", "readme_block", "run_benchmark"]

# (way, baseline, largest allowed ratio, what the target says).
TARGETS = [
    ("update", "session_run", 0.80,
     "update(feed_dict) with default options (a legacy script) <= 0.80x "
     "Edward's Session.run + feed_dict"),
    ("best", "matmul_floor", 1.05,
     "best path <= 1.05x the matmuls alone (Edward's graph's)"),
    ("update", "torch_compile", 1.00,
     "update(feed_dict) with default options ahead of torch.compile"),
    ("best", "torch_compile", 1.00, "best path ahead of torch.compile"),
    ("update_edward", "session_run", 1.05,
     "update() <= 1.05x the bare Session.run of the same ops"),
    ("update_disc_gen", "session_run_disc_gen", 1.05,
     "update('Disc') + update('Gen') <= 1.05x their bare Session.runs"),
    ("update_logdir", "session_run", 1.10,
     "update() with logdir <= 1.10x the bare Session.run"),
    ("run", "session_run", 1.10, "run() <= 1.10x the bare Session.run"),
    ("dataset_arrays", "update", 1.00,
     "tf.data input at least as fast as the feed_dict loop"),
    ("dataset_generator", "feed_generator", 1.00,
     "tf.data from a Python generator faster than feeding its batches"),
    ("best", "session_run", 0.85,
     "best path <= 0.85x the plain feed_dict loop"),
]

# Ways that may be the best path: every fast option and combination.
FAST_WAYS = ("update", "dataset_arrays", "threads_1x1", "threads_2x1",
             "threads_1x2", "grappler_no_remap", "xla", "xla_dataset",
             "xla_dataset_threads_1x1", "session_callable", "lean",
             "lean_dataset", "lean_threads_1x2", "lean_dataset_threads_1x2")

# The README's rows, in this order, when they were run ("best" is the
# best path).
README_WAYS = ("matmul_floor", "matmul_floor_lean", "best", "update",
               "dataset_arrays", "tf2_function_xla", "session_run",
               "update_edward", "tf2_function", "torch_compile",
               "torch_eager")

REMOTE_LABELS = {
    "tf2_function": "TF2 `tf.function` + Keras 3 Adam",
    "tf2_function_xla": "TF2 `tf.function(jit_compile=True)` + Keras 3 Adam",
    "torch_eager": "PyTorch eager (one backward)",
    "torch_compile": "PyTorch `torch.compile` (one backward, compiled Adam "
                     "step)",
}


def parse_args(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--tiny", action="store_true",
                      help="tiny model sizes (for tests)")
  parser.add_argument("--rounds", type=int, default=30)
  parser.add_argument("--block", type=int, default=20,
                      help="steps per way per round")
  parser.add_argument("--warmup", type=int, default=30,
                      help="untimed steps per way before the rounds")
  parser.add_argument("--rss-steps", type=int, default=10000,
                      help="update() steps between the two RSS readings")
  parser.add_argument("--import-repeats", type=int, default=3)
  parser.add_argument("--copies", type=int, default=2,
                      help="copies of each TF1 way's model, timed in turn "
                      "(one per round), so that no ratio rests on one copy")
  parser.add_argument("--ways", default="all",
                      help="comma-separated TF1 way names, or 'all'")
  parser.add_argument("--optional", default="tf2,torch",
                      help="child-process comparisons: tf2, torch, or none")
  parser.add_argument("--no-torch-compile", action="store_true",
                      help="skip torch.compile (its compile takes minutes)")
  parser.add_argument("--json", default="benchmarks/results/speed.json",
                      help="where to write the results")
  parser.add_argument("--readme", action="store_true",
                      help="write the README's speed block from this run")
  return parser.parse_args(argv)


class RemoteWay(Way):
  """A way that runs in a worker process (benchmarks/_worker.py)."""

  def __init__(self, worker, name):
    super(RemoteWay, self).__init__(name, REMOTE_LABELS[name], "session_run")
    self.worker = worker

  def block(self, count):
    return self.worker.block(self.name, count)


class Worker(object):
  """A child process running the TF2 or PyTorch ways."""

  def __init__(self, kind, sizes, options):
    env = dict(os.environ)
    env["TF_USE_LEGACY_KERAS"] = "0"  # TF2 with Keras 3, as users have it.
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    self.process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._worker", kind, json.dumps(sizes),
         json.dumps(options)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, cwd=root, env=env)
    self.kind = kind
    self.ready, self.skipped, self.first_step_s = [], {}, {}

  def wait_ready(self):
    """Waits until the child has built and warmed up its ways."""
    line = self.process.stdout.readline()
    if not line:
      error = self.process.stderr.read()
      raise RuntimeError("{} worker failed: {}".format(self.kind,
                                                       error[-2000:]))
    hello = json.loads(line)
    self.ready = hello["ready"]
    self.skipped = hello["skipped"]
    self.first_step_s = hello["first_step_s"]

  def block(self, name, count):
    self.process.stdin.write(json.dumps(
        {"cmd": "block", "way": name, "count": count}) + "\n")
    self.process.stdin.flush()
    answer = json.loads(self.process.stdout.readline())
    return answer["walls"], answer["cpus"]

  def close(self):
    try:
      self.process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
      self.process.stdin.flush()
      self.process.wait(timeout=60)
    except (OSError, subprocess.TimeoutExpired):
      self.process.kill()


def machine_info():
  """What the numbers were measured on."""
  info = {
      "platform": platform.platform(),
      "python": platform.python_version(),
      "cpus": os.cpu_count(),
      "tensorflow": tf.__version__ if hasattr(tf, "__version__") else
                    __import__("tensorflow").__version__,
      "numpy": np.__version__,
      "edward_lite": ed.__version__,
      "date": datetime.datetime.now(datetime.timezone.utc).strftime(
          "%Y-%m-%d %H:%M UTC"),
  }
  try:
    with open("/proc/cpuinfo") as handle:
      for line in handle:
        if line.startswith("model name"):
          info["cpu"] = line.split(":", 1)[1].strip()
          break
    with open("/proc/meminfo") as handle:
      info["memory_gb"] = round(int(handle.readline().split()[1]) / 2**20, 1)
  except OSError:
    pass
  try:
    import torch  # pylint: disable=g-import-not-at-top
    info["torch"] = torch.__version__
  except ImportError:
    info["torch"] = None
  return info


# The child reads its peak RSS from VmHWM: ru_maxrss survives exec on
# Linux, so a child of this (large) process would report our peak instead.
_IMPORT_PROBE = """
import resource, time
start = time.perf_counter()
import edward_lite
elapsed = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
  with open("/proc/self/status") as status:
    for line in status:
      if line.startswith("VmHWM:"):
        peak_kb = int(line.split()[1])
except OSError:
  pass
print(elapsed, peak_kb)
"""


def measure_import(repeats):
  """Seconds and peak RSS (MB) of `import edward_lite` in a new process."""
  code = _IMPORT_PROBE
  seconds, megabytes = [], []
  env = dict(os.environ)
  env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
  for _ in range(repeats):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True, env=env, check=True).stdout.split()
    seconds.append(float(out[0]))
    megabytes.append(int(out[1]) / 1024.0)  # kB on Linux.
  return {"import_s": statistics.median(seconds),
          "import_peak_rss_mb": statistics.median(megabytes)}


def _log(message):
  sys.stderr.write("[benchmark] {}\n".format(message))
  sys.stderr.flush()


def run_benchmark(args):
  """Runs everything `args` asks for; returns the results dict."""
  sizes = _models.SIZES["tiny" if args.tiny else "full"]
  load_before = os.getloadavg()
  all_ways = _ways.build_tf1_ways(sizes, copies=args.copies)
  wanted = list(all_ways) if args.ways == "all" else args.ways.split(",")
  unknown = [name for name in wanted if name not in all_ways]
  if unknown:
    raise SystemExit("unknown ways: {}".format(", ".join(unknown)))
  for needed in ("session_run",):
    if needed not in wanted:
      wanted.insert(0, needed)
  ways = [all_ways[name] for name in all_ways if name in wanted]
  prepare_s = {}
  session_threads = {}
  # Prepared before the workers start: the ways with default options time
  # their step at initialize, which a worker compiling beside them would
  # disturb (a legacy script has no such neighbour).
  for way in ways:
    _log("preparing {}".format(way.name))
    start = time.perf_counter()
    way.prepare()
    prepare_s[way.name] = time.perf_counter() - start
    if hasattr(way, "session_threads"):
      session_threads[way.name] = way.session_threads()
  skipped = {}
  workers = []
  optional = [] if args.optional == "none" else args.optional.split(",")
  for kind in ("tf2", "torch"):
    names = ([n for n in REMOTE_LABELS if n.startswith(kind)])
    if kind not in optional:
      skipped.update({name: "not requested (--optional)" for name in names})
      continue
    _log("starting the {} worker".format(kind))
    workers.append(Worker(kind, sizes,
                          {"compile": not args.no_torch_compile}))
  for worker in workers:
    worker.wait_ready()
    skipped.update(worker.skipped)
    ways.extend(RemoteWay(worker, name) for name in worker.ready)

  start = time.perf_counter()
  results = interleave(ways, args.rounds, args.block, args.warmup, log=_log)
  timing_seconds = time.perf_counter() - start
  load_after = os.getloadavg()

  _log("measuring build, first step and RSS over {} steps".format(
      args.rss_steps))
  for worker in workers:
    worker.close()
  for way in ways:
    way.close()
  extras = _ways.measure_lifecycle(sizes, args.rss_steps)
  if args.import_repeats:
    extras.update(measure_import(args.import_repeats))

  report = _report(results, sizes, args)
  for name, entry in report["ways"].items():
    entry["prepare_s"] = prepare_s.get(name)
    if name in session_threads:
      entry["session_threads"] = session_threads[name]
    entry["first_step_s"] = results[name].first_step_s
  for worker in workers:
    for name, seconds in worker.first_step_s.items():
      report["ways"][name]["first_step_s"] = seconds
  report.update({
      "machine": machine_info(),
      "load_average_before": list(load_before),
      "load_average_after": list(load_after),
      "timing_seconds": timing_seconds,
      "skipped": skipped,
      "extras": extras,
      "settings": {"sizes": sizes, "rounds": args.rounds,
                   "block": args.block, "warmup": args.warmup,
                   "copies": args.copies, "tiny": args.tiny},
  })
  if "matmul_floor" in results:
    report["matmul_products_per_step"] = results["matmul_floor"].way.count
  return report


def _report(results, sizes, args):
  baseline = results["session_run"]
  floor = results.get("matmul_floor")
  ways = {}
  for name, result in results.items():
    way = result.way
    entry = {
        "label": way.label,
        "median_ms": result.median_ms(),
        "cpu_median_ms": result.cpu_median_ms(),
        "round_median_ms_p10_p90": list(result.spread_ms()),
        "steps_timed": len(result.all_wall()),
        "vs_session_run": result.ratio_to(baseline),
        "cpu_vs_session_run": result.ratio_to(baseline, cpu=True),
    }
    if way.baseline and way.baseline in results:
      entry["baseline"] = way.baseline
      entry["vs_baseline"] = result.ratio_to(results[way.baseline])
    if floor is not None:
      entry["vs_matmul_floor"] = result.ratio_to(floor)
    ways[name] = entry
  fast = [name for name in FAST_WAYS if name in ways]
  best = min(fast, key=lambda n: ways[n]["vs_session_run"]) if fast else None
  targets = []
  for way_name, base_name, limit, text in TARGETS:
    name = best if way_name == "best" else way_name
    if name is None or name not in ways or base_name not in ways:
      continue
    ratio = results[name].ratio_to(results[base_name])
    cpu_ratio = results[name].ratio_to(results[base_name], cpu=True)
    targets.append({"target": text, "way": name, "baseline": base_name,
                    "ratio": ratio, "cpu_ratio": cpu_ratio, "limit": limit,
                    "met": ratio <= limit, "cpu_met": cpu_ratio <= limit})
  return {"ways": ways, "best_way": best, "targets": targets}


def format_table(report):
  """The results as a Markdown table, fastest first, then the targets."""
  ways = report["ways"]
  rows = sorted(ways, key=lambda n: ways[n]["median_ms"])
  has_floor = "matmul_floor" in ways
  lines = ["| way | ms/step | CPU ms/step | vs TF1 feed_dict | CPU vs TF1 "
           "feed_dict |" + (" vs matmul floor |" if has_floor else ""),
           "|---|---|---|---|---|" + ("---|" if has_floor else "")]
  for name in rows:
    entry = ways[name]
    line = "| {} | {:.2f} | {:.2f} | {:.2f} | {:.2f} |".format(
        entry["label"], entry["median_ms"], entry["cpu_median_ms"],
        entry["vs_session_run"], entry["cpu_vs_session_run"])
    if has_floor:
      line += " {:.2f} |".format(entry["vs_matmul_floor"])
    lines.append(line)
  for name, reason in sorted(report["skipped"].items()):
    lines.append("| {} | skipped: {} | | | |{}".format(
        REMOTE_LABELS.get(name, name), reason, " |" if has_floor else ""))
  lines.append("")
  lines.append("| target | way | ratio | limit | met | CPU ratio | met in "
               "CPU time |")
  lines.append("|---|---|---|---|---|---|---|")
  for target in report["targets"]:
    lines.append("| {} | `{}` | {:.3f} | {:.2f} | {} | {:.3f} | {} |".format(
        target["target"], target["way"], target["ratio"], target["limit"],
        "yes" if target["met"] else "**no**", target["cpu_ratio"],
        "yes" if target["cpu_met"] else "**no**"))
  return "\n".join(lines)


def format_extras(report):
  """One paragraph: import, build, first steps, memory."""
  extras = report["extras"]
  ways = report["ways"]
  parts = []
  if "import_s" in extras:
    parts.append("`import edward_lite` {:.2f} s, peak RSS {:.0f} MB".format(
        extras["import_s"], extras["import_peak_rss_mb"]))
  parts.append("constructing the inference {:.3f} s, `initialize()` {:.2f} s, "
               "first `update()` {:.3f} s".format(
                   extras["construct_s"], extras["initialize_s"],
                   extras["first_step_s"]))
  if ways.get("xla", {}).get("first_step_s") is not None:
    parts.append("first step with `xla=True` {:.2f} s (compiling)".format(
        ways["xla"]["first_step_s"]))
  chosen = ways.get("update", {}).get("session_threads")
  if chosen:
    parts.append("threads chosen at `initialize` for the default `update()` "
                 "copies (intra_op, inter_op; 0 is TensorFlow's): {}".format(
                     ", ".join("{}x{}".format(*pair) for pair in chosen)))
  if extras["rss_after_mb"] is not None:
    parts.append("RSS {:.0f} MB -> {:.0f} MB over {} `update()` calls, graph "
                 "ops added: {}".format(extras["rss_before_mb"],
                                         extras["rss_after_mb"],
                                         extras["rss_steps"],
                                         extras["graph_ops_added_by_updates"]))
  return "; ".join(parts) + "."


def readme_block(report, command):
  """The README's speed block: what a legacy script gets, from this run.

  Args:
    report: dict, what `run_benchmark` returns.
    command: str. The command that measured it.

  Returns:
    str.
  """
  ways = report["ways"]
  machine = report["machine"]
  lines = [
      "Measured {} by `{}` on {} ({} logical CPUs), load average {:.1f} "
      "before and {:.1f} after; median wall time per step, all ways "
      "interleaved in one run:".format(
          machine["date"], command, machine.get("cpu", "?"), machine["cpus"],
          report["load_average_before"][0], report["load_average_after"][0]),
      "",
      "| way | ms/step | vs Edward's `Session.run` + feed_dict | vs the "
      "matmuls alone |",
      "|---|---|---|---|"]
  shown = set()
  for name in README_WAYS:
    name = report["best_way"] if name == "best" else name
    if name not in ways or name in shown:
      continue
    shown.add(name)
    entry = ways[name]
    label = entry["label"]
    if name == report["best_way"]:
      label = "best path: " + label
    lines.append("| {} | {:.2f} | {:.2f} | {} |".format(
        label, entry["median_ms"], entry["vs_session_run"],
        "{:.2f}".format(entry["vs_matmul_floor"])
        if "vs_matmul_floor" in entry else ""))
  lines.append("")
  chosen = ways.get("update", {}).get("session_threads")
  if chosen:
    lines.append("- Threads `initialize` chose for the legacy script's "
                 "copies by timing its step (intra_op x inter_op): "
                 "{}.".format(", ".join("{}x{}".format(*pair)
                                        for pair in chosen)))
  headline = [text for _, _, _, text in TARGETS[:4]]
  for name, reason in sorted(report["skipped"].items()):
    if name == "torch_compile":
      lines.append("- {}: not in this run ({}), nor the targets against "
                   "it.".format(REMOTE_LABELS[name], reason))
  for target in report["targets"]:
    if target["target"] not in headline:
      continue
    lines.append("- {}: {:.2f}x ({}; {:.2f}x in CPU time).".format(
        target["target"], target["ratio"],
        "met" if target["met"] else "**not met**", target["cpu_ratio"]))
  lines.extend(fair_comparisons(report))
  return "\n".join(lines)


def fair_comparisons(report):
  """What the headline targets leave out, as lines of the README block.

  The floor of the 1.05x target is Edward's graph's products, more than
  the lean graph runs; and the best path is the fastest of ways some of
  which run the very same options, so its ratio is a minimum over
  equals. Both are said here, from the same run.

  Args:
    report: dict, what `run_benchmark` returns (or its stored JSON).

  Returns:
    list of str, one Markdown list item each.
  """
  ways, best = report["ways"], report["best_way"]
  lines = []
  if best is not None and best != "update" and "update" in ways:
    lines.append("- The fastest way measured was `{}` ({:.2f} ms); plain "
                 "`update(feed_dict)` with default options took {:.2f} "
                 "ms.".format(best, ways[best]["median_ms"],
                              ways["update"]["median_ms"]))
  elif best == "update":
    lines.append("- No option measured faster than plain `update(feed_dict)` "
                 "with default options: it is the best path here.")
  twin = ways.get("lean_threads_1x2")
  if best is not None and twin is not None and (
      ways.get("update", {}).get("session_threads") ==
      twin.get("session_threads")):
    lines.append("- The same options set by hand (`lean_threads_1x2`) took "
                 "{:.2f} ms ({:.2f}x the matmuls alone): the best path is "
                 "the faster of such twins, so its ratio leans low by "
                 "their spread.".format(twin["median_ms"],
                                        twin["vs_matmul_floor"]))
  lean_floor = ways.get("matmul_floor_lean")
  if best is not None and lean_floor is not None:
    lines.append("- Against the lean graph's own matmuls alone (the "
                 "products its step runs): the best path's {:.2f} ms to "
                 "their {:.2f} ms, {:.2f}x (ratio of the medians).".format(
                     ways[best]["median_ms"], lean_floor["median_ms"],
                     ways[best]["median_ms"] / lean_floor["median_ms"]))
  return lines


def main(argv=None):
  args = parse_args(argv)
  report = run_benchmark(args)
  report["command"] = " ".join(["python -m benchmarks.run"] + list(
      sys.argv[1:] if argv is None else argv))
  directory = os.path.dirname(args.json)
  if directory:
    os.makedirs(directory, exist_ok=True)
  with open(args.json, "w") as handle:
    json.dump(report, handle, indent=2, sort_keys=True)
  print(format_table(report))
  print()
  print(format_extras(report))
  machine = report["machine"]
  print("machine: {} ({} CPUs), {}; TF {}; load average {:.1f} -> {:.1f}".format(
      machine.get("cpu", "?"), machine["cpus"], machine["platform"],
      machine["tensorflow"], report["load_average_before"][0],
      report["load_average_after"][0]))
  print("wrote {}".format(args.json))
  if args.readme:
    _readme.write_block("speed", readme_block(report, report["command"]))
    print("wrote the README's speed block")


if __name__ == "__main__":
  main()
