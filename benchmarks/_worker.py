"""A worker process: one or more of the benchmark's ways, driven by its parent.

edward_lite puts TensorFlow in graph mode for the whole process, so TF2's
eager `tf.function` (and, for symmetry, PyTorch) run in processes of
their own; and a way's peak memory is only its own in a process that
runs nothing else, so the memory pass runs each TF1 way here too. The
parent (benchmarks/_remote.py) drives the worker over stdin/stdout, one
JSON object a line, so that its blocks interleave with the other ways':

  parent: {"cmd": "block", "way": name, "count": n}
  child:  {"walls": [...], "cpus": [...]}
  parent: {"cmd": "memory"}
  child:  {"peak_rss_bytes": ..., "import_peak_rss_bytes": ...}
  parent: {"cmd": "quit"}

On start the child builds its ways, runs each one's first step, and
prints {"ready": [names], "skipped": {name: reason}, "first_step_s":
{name: seconds}}.

    python -m benchmarks._worker KIND SIZES_JSON OPTIONS_JSON

KIND is tf1, tf2 or torch; OPTIONS_JSON holds "ways" (the names to
build), "pools" (a .npz file of the batches, "x" and "z", that the
parent's models cycle through too) and "compile" (torch.compile).
"""

import json
import os
import sys
import time

import numpy as np

__all__ = ["main"]


def _tf1_ways(sizes, wanted):
  """The TF1 ways asked for, prepared, as step functions (graph mode)."""
  from benchmarks import _ways  # pylint: disable=g-import-not-at-top
  from benchmarks._harness import WayResult  # pylint: disable=g-import-not-at-top
  built = _ways.build_tf1_ways(sizes, copies=1)
  steps = {}
  for name in wanted:
    way = built[name]
    way.prepare()
    if way.drives:
      # run() owns its loop: one block of it is the whole run.
      steps[name] = _driven(way, WayResult(way))
    else:
      steps[name] = _one_step(way)
  return steps, {}


def _one_step(way):
  return lambda: way.block(1)


def _driven(way, result):
  """A step function that runs the driving way's whole loop once."""
  def run_loop(count):
    way.drive(0, 1, count, lambda: None, result)
    return result.rounds_wall[-1], result.rounds_cpu[-1]
  run_loop.drives = True
  return run_loop


def _build(kind, sizes, options):
  wanted = set(options.get("ways", []))
  if kind == "tf1":
    return _tf1_ways(sizes, sorted(wanted))
  pools = np.load(options["pools"])
  pools = (list(pools["x"]), list(pools["z"]))
  if kind == "tf2":
    from benchmarks import _worker_tf2  # pylint: disable=g-import-not-at-top
    return _worker_tf2.tf2_ways(sizes, pools, wanted)
  if kind == "torch":
    from benchmarks import _worker_torch  # pylint: disable=g-import-not-at-top
    return _worker_torch.torch_ways(sizes, pools, wanted,
                                    options.get("compile", True))
  raise SystemExit("unknown worker kind {!r}".format(kind))


def _block(step, count):
  if getattr(step, "drives", False):
    return step(count)
  walls, cpus = [], []
  for _ in range(count):
    wall, cpu = time.perf_counter(), time.process_time()
    step()
    cpus.append(time.process_time() - cpu)
    walls.append(time.perf_counter() - wall)
  return walls, cpus


def _import_framework(kind):
  """Imports what the kind's ways run on, so that its memory counts apart."""
  # pylint: disable=g-import-not-at-top,unused-import
  if kind == "tf1":
    import edward_lite  # noqa: F401
  elif kind == "tf2":
    import keras  # noqa: F401
  elif kind == "torch":
    try:
      import torch  # noqa: F401
    except ImportError:
      pass  # Its ways say so when built.


def main(argv=None):
  """Runs the worker: builds, warms up, then answers the parent's commands."""
  from benchmarks import _memory  # pylint: disable=g-import-not-at-top
  argv = sys.argv[1:] if argv is None else argv
  kind, sizes = argv[0], json.loads(argv[1])
  options = json.loads(argv[2]) if len(argv) > 2 else {}
  # Our answers go on the original stdout; anything a library prints goes
  # to stderr, where it cannot break the protocol.
  channel = os.fdopen(os.dup(sys.stdout.fileno()), "w")
  os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
  _import_framework(kind)
  imported_peak = _memory.peak_resident_bytes()
  ways, skipped = _build(kind, sizes, options)
  setup = {}
  for name, step in ways.items():
    if getattr(step, "drives", False):
      continue  # Its first step is in its one block.
    start = time.perf_counter()
    step()  # Traces or compiles.
    setup[name] = time.perf_counter() - start
  channel.write(json.dumps({"ready": sorted(ways), "skipped": skipped,
                            "first_step_s": setup}) + "\n")
  channel.flush()
  for line in sys.stdin:
    command = json.loads(line)
    if command["cmd"] == "quit":
      break
    if command["cmd"] == "memory":
      answer = {"peak_rss_bytes": _memory.peak_resident_bytes(),
                "import_peak_rss_bytes": imported_peak}
    else:
      walls, cpus = _block(ways[command["way"]], command["count"])
      answer = {"walls": walls, "cpus": cpus}
    channel.write(json.dumps(answer) + "\n")
    channel.flush()


if __name__ == "__main__":
  main()
