"""Runs the quality benchmarks and writes their results.

    python -m benchmarks.quality.run                 # all, ~15 min on 2 cores
    python -m benchmarks.quality.run --only grid     # one benchmark
    python -m benchmarks.quality.run --quick         # 5% of the steps, 1 seed
    python -m benchmarks.quality.run --render        # docs from results.json

Writes `benchmarks/quality/results.json` (every seed's metrics, the
medians and whether the targets of issue #8 are met), the figures under
`docs/img/quality/`, and the generated tables of `docs/quality.md`
(between its BEGIN/END markers), including the table of issue #8's
targets. `--quick` only checks that everything runs: it writes under a
temporary directory and leaves the docs alone. `--render` trains
nothing: it rewrites the docs' tables from results.json.
"""

import argparse
import concurrent.futures
import datetime
import importlib
import json
import multiprocessing
import os
import platform
import re
import sys
import tempfile
import time

__all__ = ["BENCHMARKS", "main"]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
RESULTS = os.path.join(ROOT, "benchmarks", "quality", "results.json")
IMG_DIR = os.path.join(ROOT, "docs", "img", "quality")
DOC = os.path.join(ROOT, "docs", "quality.md")
# Benchmark module and its seeds: few, so that each fits in minutes.
BENCHMARKS = {"grid": [0, 1, 2], "mixture": [0, 1, 2], "digits": [0, 1, 2],
              "anomaly": [0]}
# Arrays kept for the figures only, not written to the JSON file.
_FIGURE_KEYS = ("samples", "shown", "reconstructions")


def _run_task(name, variant, seed, scale):
  """Runs one (benchmark, variant, seed) in a worker process."""
  import warnings  # pylint: disable=g-import-not-at-top
  warnings.filterwarnings("ignore")  # tf.layers' deprecation notices
  module = importlib.import_module("benchmarks.quality." + name)
  start = time.time()
  result = module.run_task(variant, seed, scale)
  return variant, seed, result, time.time() - start


def run_benchmark(name, seeds, scale, jobs):
  """All variants x seeds of one benchmark, `jobs` processes at a time.

  Returns:
    (results: variant -> list of per-seed dicts, wall-clock seconds,
    summed seconds of the runs).
  """
  module = importlib.import_module("benchmarks.quality." + name)
  tasks = [(name, variant, seed, scale) for variant in module.VARIANTS
           for seed in seeds]
  results = {variant: {} for variant in module.VARIANTS}
  busy = 0.0
  start = time.time()
  # Spawned workers start TensorFlow afresh (forking it is unsafe).
  context = multiprocessing.get_context("spawn")
  with concurrent.futures.ProcessPoolExecutor(jobs, context) as pool:
    futures = [pool.submit(_run_task, *task) for task in tasks]
    for future in concurrent.futures.as_completed(futures):
      variant, seed, result, seconds = future.result()
      results[variant][seed] = result
      busy += seconds
      print("  {} / {} / seed {}: {:.0f} s".format(name, variant, seed,
                                                  seconds), flush=True)
  ordered = {variant: [runs[seed] for seed in seeds]
             for variant, runs in results.items()}
  return ordered, time.time() - start, busy


def update_doc(doc_path, name, text):
  """Replaces the text between <!-- BEGIN name --> and <!-- END name -->."""
  with open(doc_path, encoding="utf-8") as handle:
    doc = handle.read()
  pattern = re.compile(r"(<!-- BEGIN {0} -->\n).*?(<!-- END {0} -->)".format(
      re.escape(name)), re.S)
  if not pattern.search(doc):
    raise ValueError("{} has no <!-- BEGIN {} --> ... <!-- END {} --> "
                     "block.".format(doc_path, name, name))
  doc = pattern.sub(lambda m: m.group(1) + text + "\n" + m.group(2), doc)
  with open(doc_path, "w", encoding="utf-8") as handle:
    handle.write(doc)


def render_doc(stored):
  """Writes every stored benchmark's table, and the targets, into DOC."""
  rows = []
  for name in BENCHMARKS:
    if name not in stored:
      continue
    entry = stored[name]
    update_doc(DOC, name, entry["table"] + "\n\n" + entry["stamp"])
    module = importlib.import_module("benchmarks.quality." + name)
    if hasattr(module, "target_rows"):
      rows += [row[:3] + ["met" if row[3] else "**not met**"]
               for row in module.target_rows(entry["summary"])]
  table = "\n".join([
      "| benchmark / model | target (issue #8) | measured (median) | |",
      "|---|---|---|---|"] + ["| " + " | ".join(row) + " |" for row in rows])
  update_doc(DOC, "targets", table)


def _strip_figures(runs):
  return {variant: [{k: v for k, v in run.items() if k not in _FIGURE_KEYS}
                    for run in per_seed]
          for variant, per_seed in runs.items()}


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS),
                      default=list(BENCHMARKS))
  parser.add_argument("--seeds", nargs="+", type=int, default=None,
                      help="Seeds of every benchmark (default: each one's).")
  parser.add_argument("--jobs", type=int, default=2,
                      help="Runs at a time (default 2, one per core).")
  parser.add_argument("--render", action="store_true",
                      help="Train nothing; rewrite the docs' tables from "
                           "results.json.")
  parser.add_argument("--quick", action="store_true",
                      help="5%% of the iterations, seed 0, results in a "
                           "temporary directory; the docs are not touched.")
  args = parser.parse_args(argv)
  os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
  scale = 0.05 if args.quick else 1.0
  if args.quick:
    out_dir = tempfile.mkdtemp(prefix="quality-quick-")
    results_path = os.path.join(out_dir, "results.json")
    img_dir = out_dir
  else:
    results_path, img_dir = RESULTS, IMG_DIR
  stored = {}
  if os.path.exists(results_path):
    with open(results_path, encoding="utf-8") as handle:
      stored = json.load(handle)

  if args.render:
    render_doc(stored)
    return 0

  for name in args.only:
    seeds = [0] if args.quick else (args.seeds or BENCHMARKS[name])
    print("{}: seeds {}".format(name, seeds), flush=True)
    runs, wall, busy = run_benchmark(name, seeds, scale, args.jobs)
    module = importlib.import_module("benchmarks.quality." + name)
    table, summary = module.report(runs, img_dir)
    stamp = ("Measured {} with `python -m benchmarks.quality.run`: seeds {}, "
             "{:.1f} min wall clock with {} jobs ({:.1f} min of runs), "
             "TensorFlow on {} CPU(s).".format(
                 datetime.date.today().isoformat(), seeds, wall / 60.0,
                 args.jobs, busy / 60.0, os.cpu_count()))
    stored[name] = {
        "seeds": seeds, "scale": scale, "stamp": stamp,
        "wall_minutes": wall / 60.0,
        "run_minutes": busy / 60.0, "summary": summary,
        "targets": getattr(module, "TARGETS", {}),
        "configs": {variant: _config_dict(config)
                    for variant, config in module.VARIANTS.items()},
        "runs": _strip_figures(runs), "table": table,
        "python": platform.python_version()}
    print(table + "\n" + stamp + "\n", flush=True)
  if not args.quick:
    render_doc(stored)
  os.makedirs(os.path.dirname(results_path), exist_ok=True)
  with open(results_path, "w", encoding="utf-8") as handle:
    json.dump(stored, handle, indent=1, sort_keys=True)
    handle.write("\n")
  print("Wrote {} and the figures in {}".format(results_path, img_dir))
  return 0


def _config_dict(config):
  """A variant's model config as JSON: a Config, a (problem, Config) or a
  plain value (the anomaly benchmark's class)."""
  if hasattr(config, "_asdict"):
    return dict(config._asdict())
  if isinstance(config, tuple):
    return {"data": config[0], "config": _config_dict(config[1])}
  return config


if __name__ == "__main__":
  sys.exit(main())
