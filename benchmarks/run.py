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
import json
import os
import sys
import time

# The XLA ways call initialize(xla=True) after other ways ran graphs, and
# TensorFlow reads its CPU auto-clustering flag at the process's first
# graph run: this process takes it from the start (see
# docs/import-side-effects.md). The other ways do not ask for XLA, so
# the flag changes nothing for them.
if "--tf_xla_cpu_global_jit" not in os.environ.get("TF_XLA_FLAGS", ""):
  os.environ["TF_XLA_FLAGS"] = " ".join(filter(None, [
      os.environ.get("TF_XLA_FLAGS"), "--tf_xla_cpu_global_jit"]))

import edward_lite  # noqa: E402,F401  (graph mode, after the flag)

from benchmarks import _lifecycle  # noqa: E402
from benchmarks import _models  # noqa: E402
from benchmarks import _readme  # noqa: E402
from benchmarks import _ways  # noqa: E402
from benchmarks._harness import interleave  # noqa: E402
from benchmarks._remote import REMOTE_LABELS, RemoteWay, Worker  # noqa: E402
from benchmarks._report import (  # noqa: E402
    format_extras, format_table, readme_block, summarize)

__all__ = ["main", "parse_args", "run_benchmark"]


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
  extras = _lifecycle.measure_lifecycle(sizes, args.rss_steps)
  if args.import_repeats:
    extras.update(_lifecycle.measure_import(args.import_repeats))

  report = summarize(results)
  for name, entry in report["ways"].items():
    entry["prepare_s"] = prepare_s.get(name)
    if name in session_threads:
      entry["session_threads"] = session_threads[name]
    entry["first_step_s"] = results[name].first_step_s
  for worker in workers:
    for name, seconds in worker.first_step_s.items():
      report["ways"][name]["first_step_s"] = seconds
  report.update({
      "machine": _lifecycle.machine_info(),
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
