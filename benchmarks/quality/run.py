"""Runs the quality benchmarks and writes their results.

    python -m benchmarks.quality.run                 # all but MNIST, ~25 min
    python -m benchmarks.quality.run --only mnist    # real MNIST, ~50 min
    python -m benchmarks.quality.run --only mnist_anomaly
    python -m benchmarks.quality.run --only grid     # one benchmark
    python -m benchmarks.quality.run --only anomaly:classical  # one part
    python -m benchmarks.quality.run --quick         # 5% of the steps, 1 seed
    python -m benchmarks.quality.run --render        # docs from results.json

Writes `benchmarks/quality/results.json` (every seed's metrics, the
medians and whether the targets of issue #8 are met), the figures under
`docs/img/quality/`, and the generated tables of `docs/quality.md`
(between its BEGIN/END markers), including the table of issue #8's
targets. `--quick` only checks that everything runs: it writes under a
temporary directory and leaves the docs alone. `--render` trains
nothing: it rewrites the docs' tables from results.json.

A benchmark with parts (the anomaly benchmark's classical detectors and
BiGAN rows) runs them all, or one with `--only name:part`; a part not
run keeps its stored runs if they have the same seeds and configs, and
is otherwise shown as not run.

The MNIST benchmarks read the four IDX files from `--mnist DIR` (by
default `../shared/data/mnist` beside the project; nothing is
downloaded). They run only when named with `--only`, as they take far
longer than the others.
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
# Benchmark module and its seeds: few, so that each fits in minutes. The
# anomaly benchmark's seeds are not those its BiGAN was tuned on (0-2),
# nor are the grid's those its recommended option was chosen on (0-2).
# The MNIST benchmarks' seeds are not those their options were tried on
# (0); the mnist benchmark moved from 50-52 when lambda 64's steps were
# raised after its run there.
BENCHMARKS = {"grid": [40, 41, 42, 43, 44], "mixture": [0, 1, 2], "digits": [0, 1, 2],
              "anomaly": [100, 101, 102], "mnist": [60, 61, 62],
              "mnist_anomaly": [50, 51, 52]}
# What runs without --only.
DEFAULT_ONLY = ["grid", "mixture", "digits", "anomaly"]
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


def run_benchmark(name, seeds, scale, jobs, variants=None):
  """Variants (default all) x seeds of one benchmark, `jobs` at a time.

  Returns:
    (results: variant -> list of per-seed dicts, wall-clock seconds,
    summed seconds of the runs).
  """
  module = importlib.import_module("benchmarks.quality." + name)
  if variants is None:
    variants = list(module.VARIANTS)
  # A variant that does not depend on the seed runs once, with the first.
  seedless = getattr(module, "SEEDLESS", ())
  tasks = [(name, variant, seed, scale) for variant in variants
           for seed in (seeds[:1] if variant in seedless else seeds)]
  if hasattr(module, "prepare"):
    # Work the tasks share (a classifier to train), done once up front.
    module.prepare(scale)
  results = {variant: {} for variant in variants}
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
  ordered = {variant: [runs[seed] for seed in seeds if seed in runs]
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
      "| benchmark / model | target (issue #8; mnist: #24) | measured (median) | |",
      "|---|---|---|---|"] + ["| " + " | ".join(row) + " |" for row in rows])
  update_doc(DOC, "targets", table)
  # The MNIST tuning runs kept beside the benchmark (mnist_tune.py).
  importlib.import_module("benchmarks.quality.mnist_tune").render(DOC)


def parse_only(text):
  """Checks an --only value: a benchmark, or "benchmark:part"."""
  name, _, part = text.partition(":")
  if name not in BENCHMARKS:
    raise argparse.ArgumentTypeError("unknown benchmark {!r}; choose from "
                                     "{}.".format(name, ", ".join(
                                         sorted(BENCHMARKS))))
  if part:
    parts = getattr(importlib.import_module("benchmarks.quality." + name),
                    "PARTS", {})
    if part not in parts:
      raise argparse.ArgumentTypeError(
          "benchmark {!r} has no part {!r}; its parts: {}.".format(
              name, part, ", ".join(parts) or "none"))
  return text


def merge_parts(module, previous, measured, runs, seeds, scale, configs,
                stamp):
  """A partly run benchmark's runs, with its other parts' stored runs.

  Args:
    module: the benchmark module, with PARTS (part -> variants) and
      PART_TITLES (part -> title).
    previous: dict or None. The benchmark's stored entry.
    measured: list of the parts just run.
    runs: dict, variant -> per-seed results of the parts just run.
    seeds, scale: those of the parts just run.
    configs: dict, variant -> JSON config of the current code.
    stamp: str. The line saying how the parts just run were measured.

  Returns:
    (runs in VARIANTS order, part -> stamp of each part shown). A part
    not run now keeps its stored runs only when they have the same
    seeds, scale and configs as the current code; otherwise it is left
    out.
  """
  merged = dict(runs)
  stamps = {part: stamp for part in measured}
  previous = previous or {}
  if previous.get("seeds") == seeds and previous.get("scale") == scale:
    for part, variants in module.PARTS.items():
      old_stamp = previous.get("part_stamps", {}).get(part)
      if part in measured or old_stamp is None:
        continue
      if all(variant in previous.get("runs", {}) and
             _same_config(previous.get("configs", {}).get(variant),
                          configs[variant],
                          _field_defaults(module.VARIANTS[variant]))
             for variant in variants):
        merged.update({v: previous["runs"][v] for v in variants})
        stamps[part] = old_stamp
  ordered = {v: merged[v] for v in module.VARIANTS if v in merged}
  return ordered, stamps


def parts_stamp(module, stamps):
  """One stamp if every part was measured together, else one per part."""
  if set(stamps) == set(module.PARTS) and len(set(stamps.values())) == 1:
    return next(iter(stamps.values()))
  lines = []
  for part, title in module.PART_TITLES.items():
    if part in stamps:
      text = stamps[part][0].lower() + stamps[part][1:]
    else:
      text = ("not run yet (`python -m benchmarks.quality.run --only "
              "{}:{}`).".format(module.NAME, part))
    lines.append("{}: {}".format(title, text))
  return "\n\n".join(lines)


def _as_json(value):
  return json.loads(json.dumps(value, sort_keys=True))


def _field_defaults(config):
  """The defaults of a variant's namedtuple config (or of its second
  item), {} for a plain value."""
  if isinstance(config, tuple) and not hasattr(config, "_fields") and (
      len(config) == 2):
    config = config[1]
  fields = getattr(config, "_fields", ())
  # Set as __new__.__defaults__ (this package's way), not namedtuple's
  # defaults=, so _field_defaults is empty: read them where they are.
  values = getattr(type(config).__new__, "__defaults__", None) or ()
  return dict(zip(fields[len(fields) - len(values):], values))


def _same_config(stored, current, defaults):
  """Whether a stored run's config is the current one.

  A field added to a config since the run, and left at its default,
  does not change what runs (that is what a default added later
  means), so it does not make the stored run stale.
  """
  stored, current = _as_json(stored), _as_json(current)
  if not isinstance(stored, dict) or not isinstance(current, dict):
    return stored == current
  if "config" in current and isinstance(current["config"], dict):
    if not isinstance(stored.get("config"), dict):
      return False
    return (_same_config({k: v for k, v in stored.items() if k != "config"},
                         {k: v for k, v in current.items() if k != "config"},
                         {}) and
            _same_config(stored["config"], current["config"], defaults))
  defaults = _as_json(defaults)
  added = [key for key in current
           if key not in stored and key in defaults and
           current[key] == defaults[key]]
  return stored == {k: v for k, v in current.items() if k not in added}


def _strip_figures(runs):
  return {variant: [{k: v for k, v in run.items() if k not in _FIGURE_KEYS}
                    for run in per_seed]
          for variant, per_seed in runs.items()}


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--only", nargs="+", type=parse_only,
                      default=list(DEFAULT_ONLY),
                      help="Benchmarks to run ({}; default all but "
                           "mnist), or one part of one: anomaly:classical, "
                           "anomaly:bigan.".format(", ".join(BENCHMARKS)))
  parser.add_argument("--mnist", default=None, metavar="DIR",
                      help="Directory of MNIST's four IDX files, for the "
                           "mnist benchmark (default ../shared/data/mnist "
                           "beside the project).")
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
  if args.mnist is not None:
    # The spawned workers read it from their environment.
    os.environ["EDWARD_LITE_MNIST"] = os.path.abspath(args.mnist)
  # The workers inherit these: one core's worth of BLAS threads per job.
  # NumPy's default, a thread per core in each job, oversubscribes the
  # cores: on the shared 2-core machine one classical anomaly task took
  # 44 s with it and 6 s with one thread.
  threads = str(max(1, (os.cpu_count() or 1) // max(1, args.jobs)))
  for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                   "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, threads)
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

  for only in args.only:
    name, _, part = only.partition(":")
    module = importlib.import_module("benchmarks.quality." + name)
    seeds = [0] if args.quick else (args.seeds or BENCHMARKS[name])
    print("{}: seeds {}".format(only, seeds), flush=True)
    runs, wall, busy = run_benchmark(
        name, seeds, scale, args.jobs, module.PARTS[part] if part else None)
    command = "python -m benchmarks.quality.run" + (
        " --only " + only if part or name not in DEFAULT_ONLY else "")
    stamp = ("Measured {} with `{}`: seeds {}, "
             "{:.1f} min wall clock with {} jobs ({:.1f} min of runs), "
             "TensorFlow on {} CPU(s).".format(
                 datetime.date.today().isoformat(), command, seeds,
                 wall / 60.0, args.jobs, busy / 60.0, os.cpu_count()))
    configs = {variant: _config_dict(config)
               for variant, config in module.VARIANTS.items()}
    part_stamps = None
    if hasattr(module, "PARTS"):
      runs, part_stamps = merge_parts(
          module, stored.get(name), [part] if part else list(module.PARTS),
          runs, seeds, scale, configs, stamp)
      stamp = parts_stamp(module, part_stamps)
    table, summary = module.report(runs, img_dir)
    stored[name] = {
        "seeds": seeds, "scale": scale, "stamp": stamp,
        "wall_minutes": wall / 60.0,
        "run_minutes": busy / 60.0, "summary": summary,
        "targets": getattr(module, "TARGETS", {}),
        "configs": configs, "runs": _strip_figures(runs), "table": table,
        "python": platform.python_version()}
    if part_stamps is not None:
      stored[name]["part_stamps"] = part_stamps
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
  """A variant's config as JSON: a namedtuple (a model's Config, the
  classical detectors' Settings), a (problem, namedtuple) or a plain
  value."""
  if hasattr(config, "_asdict"):
    return dict(config._asdict())
  if isinstance(config, tuple):
    return {"data": config[0], "config": _config_dict(config[1])}
  return config


if __name__ == "__main__":
  sys.exit(main())
