"""Start-up time of the upgrade tool, against TensorFlow's own import.

    python -m benchmarks.startup                 # 9 rounds, ~5 minutes
    python -m benchmarks.startup --rounds 1 --json /tmp/startup.json

The upgrade tool only rewrites text and does not import TensorFlow
(edward_lite/_startup.py), so `python -m edward_lite.upgrade --help`
should cost an interpreter start-up, not TensorFlow's import. Each round
starts one new process per command below, in an order rotated from
round to round so that a slow spell of the machine falls on all of them
alike, and times it from start to exit (wall clock). The JSON holds every
time, each command's median over the rounds, and the median ratio.
"""

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import time

__all__ = ["COMMANDS", "main", "measure", "summarize"]

# (name, arguments after the interpreter, what it stands for).
COMMANDS = [
    ("python", ["-c", "pass"], "the interpreter alone: the floor"),
    ("upgrade_help", ["-m", "edward_lite.upgrade", "--help"],
     "python -m edward_lite.upgrade --help"),
    ("import_tensorflow", ["-c", "import tensorflow"],
     'python -c "import tensorflow"'),
]

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _time_once(arguments, env):
  start = time.perf_counter()
  subprocess.run([sys.executable] + arguments, cwd=_ROOT, env=env, check=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
  return time.perf_counter() - start


def measure(rounds):
  """Wall seconds of each command, `rounds` times, rotated round by round.

  Args:
    rounds: int, at least 1.

  Returns:
    dict of command name to the list of its `rounds` times, in seconds.
  """
  env = dict(os.environ)
  env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
  times = {name: [] for name, _, _ in COMMANDS}
  for round_index in range(rounds):
    shift = round_index % len(COMMANDS)
    for name, arguments, _ in COMMANDS[shift:] + COMMANDS[:shift]:
      times[name].append(_time_once(arguments, env))
  return times


def summarize(times):
  """Medians of `times` and the upgrade tool's ratio to TensorFlow's import.

  Args:
    times: what `measure` returns.

  Returns:
    dict: "median_seconds" per command, and "upgrade_vs_tensorflow", the
    median over rounds of (upgrade --help time / import tensorflow time)
    of the same round.
  """
  ratios = [upgrade / tensorflow for upgrade, tensorflow in zip(
      times["upgrade_help"], times["import_tensorflow"])]
  return {
      "median_seconds": {name: statistics.median(values)
                         for name, values in times.items()},
      "upgrade_vs_tensorflow": statistics.median(ratios),
  }


def _machine():
  versions = {}
  for distribution in ("tensorflow", "edward-lite"):
    try:
      versions[distribution] = importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
      versions[distribution] = None
  return dict(versions, python=platform.python_version(),
              platform=platform.platform(), cpus=os.cpu_count(),
              date=datetime.datetime.now(datetime.timezone.utc).strftime(
                  "%Y-%m-%d %H:%M UTC"))


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--rounds", type=int, default=9)
  parser.add_argument("--json", default="benchmarks/results/startup.json",
                      help="where to write the numbers ('' for nowhere)")
  args = parser.parse_args(argv)
  if args.rounds < 1:
    parser.error("--rounds must be at least 1")
  load_before = os.getloadavg()
  times = measure(args.rounds)
  report = dict(summarize(times), seconds=times, rounds=args.rounds,
                commands={name: text for name, _, text in COMMANDS},
                machine=_machine(), load_average_before=list(load_before),
                load_average_after=list(os.getloadavg()))
  for name, _, text in COMMANDS:
    print("{:<40} {:6.2f} s".format(text, report["median_seconds"][name]))
  print("upgrade --help / import tensorflow: {:.3f}".format(
      report["upgrade_vs_tensorflow"]))
  if args.json:
    with open(args.json, "w") as handle:
      json.dump(report, handle, indent=1, sort_keys=True)
      handle.write("\n")


if __name__ == "__main__":
  main()
