"""Speed of edward_lite's update path against what users would pick instead.

Trains two models every way side by side, one model after the other:
Edward's MNIST-size MLP BiGAN, and a DCGAN-style convolutional BiGAN
with batch norm at batch 64 and 100 (benchmarks/_models.py). Each
model's ways run in rounds that interleave their blocks of steps
(benchmarks/_harness.py), after a warm-up, and the report gives the
median time per step, the process CPU time per step, each way's ratio
to its baseline and the targets. Then it measures each way's peak
resident memory, each in a process of its own, and import time and
memory, graph build, first step, and RSS over a long run.

    python -m benchmarks.run --mnist ../shared/data/mnist   # full run
    python -m benchmarks.run --models mlp                   # the MLP alone
    python -m benchmarks.run --tiny --rounds 1 --block 3 --warmup 1 \\
        --optional none --rss-steps 3 --memory-steps 0 --json /tmp/s.json

TF2 (`tf.function`) and PyTorch run in child processes driven in step
with the rest (edward_lite holds this process in graph mode); each is
skipped, with a line saying so, when it is not installed or not asked
for.
"""

import argparse
import json
import os
import sys
import tempfile
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
from benchmarks import _pages  # noqa: E402
from benchmarks import _readme  # noqa: E402
from benchmarks import _report  # noqa: E402
from benchmarks import _ways  # noqa: E402
from benchmarks._harness import interleave  # noqa: E402
from benchmarks._remote import (  # noqa: E402
    REMOTE_LABELS, RemoteWay, Worker, kind_of, peak_memory, write_pools)

__all__ = ["main", "parse_args", "run_benchmark"]

MODELS = ("mlp", "conv")


def parse_args(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--tiny", action="store_true",
                      help="tiny model sizes (for tests)")
  parser.add_argument("--models", default="mlp,conv",
                      help="comma-separated: mlp (Edward's BiGAN), conv (the "
                      "convolutional one)")
  parser.add_argument("--rounds", type=int, default=30)
  parser.add_argument("--block", type=int, default=20,
                      help="steps per way per round")
  parser.add_argument("--warmup", type=int, default=30,
                      help="untimed steps per way before the rounds")
  parser.add_argument("--conv-batches", default=",".join(
      str(batch) for batch in _models.CONV_BATCHES),
                      help="the convolutional model's batch sizes")
  parser.add_argument("--conv-rounds", type=int, default=20)
  parser.add_argument("--conv-block", type=int, default=5,
                      help="the convolutional model's steps per way per round")
  parser.add_argument("--conv-warmup", type=int, default=5)
  parser.add_argument("--mnist", default=None,
                      help="folder of MNIST's IDX files: the convolutional "
                      "model trains on its digits (synthetic images "
                      "without it)")
  parser.add_argument("--rss-steps", type=int, default=10000,
                      help="update() steps between the two RSS readings")
  parser.add_argument("--memory-steps", type=int, default=20,
                      help="steps each way runs, after its first, in a "
                      "process of its own before its peak RSS is read; 0 "
                      "skips the TF1 ways' memory pass")
  parser.add_argument("--memory-ways", default="all",
                      help="comma-separated TF1 ways whose peak RSS to read, "
                      "or 'all'")
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
                      help="write the README's speed block and the "
                      "convolutional model's block of docs/benchmarks.md "
                      "from this run")
  args = parser.parse_args(argv)
  args.models = args.models.split(",")
  unknown = [model for model in args.models if model not in MODELS]
  if unknown:
    parser.error("unknown models: {}".format(", ".join(unknown)))
  args.conv_batches = [int(batch) for batch in args.conv_batches.split(",")]
  return args


def _log(message):
  sys.stderr.write("[benchmark] {}\n".format(message))
  sys.stderr.flush()


def _tf1_ways(sizes, args):
  """The TF1 ways of the model that `--ways` asks for, Edward's always."""
  all_ways = _ways.build_tf1_ways(sizes, copies=args.copies)
  if args.ways == "all":
    return list(all_ways.values())
  wanted = args.ways.split(",")
  unknown = [name for name in wanted if name not in _ways.way_names()]
  if unknown:
    raise SystemExit("unknown ways: {}".format(", ".join(unknown)))
  return [way for name, way in all_ways.items()
          if name in wanted or name == "session_run"]


def _start_workers(sizes, args, directory):
  """One worker per remote way asked for; returns (workers, skipped)."""
  pools = write_pools(_models.pools(sizes), directory)
  optional = [] if args.optional == "none" else args.optional.split(",")
  workers, skipped = [], {}
  for name in REMOTE_LABELS:
    if kind_of(name) not in optional:
      skipped[name] = "not requested (--optional)"
    elif name == "torch_compile" and args.no_torch_compile:
      skipped[name] = "not requested"
    else:
      _log("starting the worker of {}".format(name))
      workers.append(Worker(kind_of(name), sizes, {
          "ways": [name], "pools": pools,
          "compile": not args.no_torch_compile}))
  return workers, skipped


def time_model(sizes, args, rounds, block, warmup):
  """Times one model's ways, interleaved; returns its part of the report.

  Args:
    sizes: dict, the model's sizes.
    args: the parsed command line.
    rounds, block, warmup: int. As in `interleave`.

  Returns:
    dict: what `_report.summarize` gives, with each way's preparation
    and first-step time, threads, and the remote ways' peak memory; the
    skipped ways; the load averages and the time the rounds took.
  """
  load_before = os.getloadavg()
  ways = _tf1_ways(sizes, args)
  prepare_s, session_threads = {}, {}
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
  with tempfile.TemporaryDirectory(prefix="edward_lite_bench_") as directory:
    workers, skipped = _start_workers(sizes, args, directory)
    memory = {}
    try:
      for worker in workers:
        worker.wait_ready()
        # Each worker runs one way: what it says of its siblings is moot.
        for name in worker.ways:
          if name in worker.ready:
            ways.append(RemoteWay(worker, name))
          else:
            skipped[name] = worker.skipped[name]
      start = time.perf_counter()
      results = interleave(ways, rounds, block, warmup, log=_log)
      timing_seconds = time.perf_counter() - start
      load_after = os.getloadavg()
      for worker in workers:
        stats = worker.memory()
        for name in worker.ready:
          memory[name] = stats
    finally:
      for worker in workers:
        worker.close()
  for way in ways:
    way.close()
  report = _report.summarize(results, sizes)
  for name, entry in report["ways"].items():
    entry["prepare_s"] = prepare_s.get(name)
    if name in session_threads:
      entry["session_threads"] = session_threads[name]
    entry["first_step_s"] = results[name].first_step_s
    if name in memory:
      entry.update(memory[name])
  for worker in workers:
    for name, seconds in worker.first_step_s.items():
      report["ways"][name]["first_step_s"] = seconds
  report.update({
      "load_average_before": list(load_before),
      "load_average_after": list(load_after),
      "timing_seconds": timing_seconds,
      "skipped": skipped,
  })
  if "matmul_floor" in results:
    report["matmul_products_per_step"] = results["matmul_floor"].way.count
  return report


def _memory_pass(parts, args):
  """Reads each TF1 way's peak RSS in a process of its own, into `parts`."""
  if args.memory_steps < 1:
    return
  wanted = None if args.memory_ways == "all" else set(
      args.memory_ways.split(","))
  for sizes, part in parts:
    names = [name for name in part["ways"]
             if kind_of(name) == "tf1" and (wanted is None or name in wanted)]
    for name, stats in peak_memory(sizes, names, args.memory_steps,
                                   log=_log).items():
      part["ways"][name].update(stats)


def run_benchmark(args):
  """Runs everything `args` asks for; returns the results dict."""
  report, parts = {}, []
  load_before = os.getloadavg()
  mlp_sizes = _models.SIZES["tiny" if args.tiny else "full"]
  if "mlp" in args.models:
    report.update(time_model(mlp_sizes, args, args.rounds, args.block,
                             args.warmup))
    parts.append((mlp_sizes, report))
  if "conv" in args.models:
    report["conv"] = {}
    for batch in args.conv_batches:
      sizes = _models.conv_sizes(args.tiny, batch, args.mnist)
      _log("the convolutional model at batch {}".format(batch))
      part = time_model(sizes, args, args.conv_rounds, args.conv_block,
                        args.conv_warmup)
      part["sizes"] = sizes
      report["conv"][str(batch)] = part
      parts.append((sizes, part))
  _memory_pass(parts, args)
  if "mlp" in args.models:
    _log("measuring build, first step and RSS over {} steps".format(
        args.rss_steps))
    extras = _lifecycle.measure_lifecycle(mlp_sizes, args.rss_steps)
    if args.import_repeats:
      extras.update(_lifecycle.measure_import(args.import_repeats))
    report["extras"] = extras
  report.setdefault("load_average_before", list(load_before))
  report.update({
      "machine": _lifecycle.machine_info(),
      "memory_steps": args.memory_steps,
      "settings": {
          "models": args.models, "rounds": args.rounds, "block": args.block,
          "warmup": args.warmup, "copies": args.copies, "tiny": args.tiny,
          "sizes": mlp_sizes,
          "conv": {"batches": args.conv_batches, "rounds": args.conv_rounds,
                   "block": args.conv_block, "warmup": args.conv_warmup,
                   "mnist": args.mnist}},
  })
  return report


def _write_pages(report):
  """The README's speed block and the docs' conv block, from this run."""
  if "ways" in report:
    _readme.write_block("speed", _pages.readme_block(report,
                                                     report["command"]))
    print("wrote the README's speed block")
  if "conv" in report:
    _readme.write_block("speed-conv", _pages.conv_block(report),
                        path=_pages.DOCS)
    print("wrote the convolutional model's block of {}".format(_pages.DOCS))


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
  if "ways" in report:
    print(_report.format_table(report))
    print()
    print(_report.format_extras(report))
  if "conv" in report:
    print()
    print(_pages.conv_block(report))
  machine = report["machine"]
  print("machine: {} ({} CPUs), {}; TF {}; load average {:.1f} -> {:.1f}".format(
      machine.get("cpu", "?"), machine["cpus"], machine["platform"],
      machine["tensorflow"], report["load_average_before"][0],
      report.get("load_average_after", os.getloadavg())[0]))
  print("wrote {}".format(args.json))
  if args.readme:
    _write_pages(report)


if __name__ == "__main__":
  main()
