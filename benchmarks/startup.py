"""Start-up times: edward_lite's import, a legacy script's first step, the upgrade tool.

    python -m benchmarks.startup                 # 9 rounds, ~5 minutes
    python -m benchmarks.startup --rounds 1 --json /tmp/startup.json

Each round starts one new process per command below, in an order rotated
from round to round so that a slow spell of the machine falls on all of
them alike. A command is timed from its start to its exit (wall clock),
except the legacy script (`benchmarks/legacy_bigan.py`, Edward's MNIST
BiGAN as a legacy script is written), which is timed from its start to
the line it prints after its first finished step, and the imports (see
below). The JSON holds every
time, each command's median over the rounds, and the medians of the
per-round ratios to `import tensorflow`. The two imports are timed, like
the legacy script, to a line printed right after them: a TensorFlow
process takes a second or so more to exit, which nobody waits for.

What is measured: `import edward_lite` against `import tensorflow`
(edward_lite's own share of the import); a legacy script from
`python script.py` to its first finished step, with the default options
(which time the session's threads at `initialize`) and with TensorFlow's
threads (which do not); and the upgrade tool, which only rewrites text
and does not import TensorFlow (edward_lite/_startup.py), so that
`python -m edward_lite.upgrade --help` should cost an interpreter
start-up.
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

from benchmarks import _readme

__all__ = ["COMMANDS", "DOCS", "docs_table", "main", "measure",
           "readme_sentence", "summarize"]

DOCS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))), "docs", "benchmarks.md")

# (name, arguments after the interpreter, what it stands for).
COMMANDS = [
    ("python", ["-c", "pass"], "the interpreter alone: the floor"),
    ("upgrade_help", ["-m", "edward_lite.upgrade", "--help"],
     "python -m edward_lite.upgrade --help"),
    ("import_tensorflow", ["-c", "import tensorflow; print('imported')"],
     'python -c "import tensorflow"'),
    ("import_edward_lite", ["-c", "import edward_lite; print('imported')"],
     'python -c "import edward_lite"'),
    ("first_step", ["benchmarks/legacy_bigan.py"],
     "python legacy_bigan.py, to its first finished step"),
    ("first_step_tf_threads", ["benchmarks/legacy_bigan.py", "--tf-threads"],
     "the same with TensorFlow's threads (no timing at initialize)"),
]

# Commands timed from their start to a line they print (not to their
# exit, which for TensorFlow's processes adds a second or so of clean-up
# that a script's user does not wait for), by the line.
_UNTIL_LINE = {"import_tensorflow": "imported",
               "import_edward_lite": "imported",
               "first_step": "first step done",
               "first_step_tf_threads": "first step done"}

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _time_once(arguments, env, until_line=None):
  """Seconds from start to exit, or to the line `until_line` if given."""
  start = time.perf_counter()
  if until_line is None:
    subprocess.run([sys.executable] + arguments, cwd=_ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start
  process = subprocess.Popen([sys.executable] + arguments, cwd=_ROOT, env=env,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
  elapsed = None
  for line in process.stdout:
    if line.strip() == until_line and elapsed is None:
      elapsed = time.perf_counter() - start
  if process.wait() != 0 or elapsed is None:
    raise RuntimeError("{} failed or printed no {!r} line".format(
        " ".join(arguments), until_line))
  return elapsed


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
      times[name].append(_time_once(arguments, env, _UNTIL_LINE.get(name)))
  return times


def summarize(times):
  """Medians of `times` and each command's ratio to TensorFlow's import.

  Args:
    times: what `measure` returns.

  Returns:
    dict: "median_seconds" per command, and "vs_import_tensorflow" per
    command, the median over rounds of (its time / import tensorflow's
    time) of the same round; "upgrade_vs_tensorflow" is the upgrade
    tool's.
  """
  ratios = {}
  for name, values in times.items():
    ratios[name] = statistics.median(
        value / tensorflow
        for value, tensorflow in zip(values, times["import_tensorflow"]))
  return {
      "median_seconds": {name: statistics.median(values)
                         for name, values in times.items()},
      "vs_import_tensorflow": ratios,
      "upgrade_vs_tensorflow": ratios["upgrade_help"],
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


def readme_sentence(report):
  """The README's start-up block, from a report `main` wrote.

  Args:
    report: dict, as in the JSON.

  Returns:
    str.
  """
  seconds = report["median_seconds"]
  ratios = report["vs_import_tensorflow"]
  return (
      "Start-up, measured {date} by `{command}` ({cpus} logical CPUs, load "
      "average {before:.1f} before and {after:.1f} after; medians of {rounds} "
      "rounds): `import edward_lite` {edward:.2f} s against `import "
      "tensorflow` {tensorflow:.2f} s ({edward_ratio:.2f}x); a legacy script "
      "(`benchmarks/legacy_bigan.py`) from `python script.py` to its first "
      "finished step {first:.2f} s ({first_ratio:.2f}x `import tensorflow`), "
      "{plain:.2f} s with TensorFlow's threads, that is without the thread "
      "timing at `initialize`.".format(
          date=report["machine"]["date"], command=report["command"],
          cpus=report["machine"]["cpus"],
          before=report["load_average_before"][0],
          after=report["load_average_after"][0], rounds=report["rounds"],
          edward=seconds["import_edward_lite"],
          tensorflow=seconds["import_tensorflow"],
          edward_ratio=ratios["import_edward_lite"],
          first=seconds["first_step"], first_ratio=ratios["first_step"],
          plain=seconds["first_step_tf_threads"]))


def docs_table(report):
  """docs/benchmarks.md's start-up table, from a report `main` wrote.

  Args:
    report: dict, as in the JSON.

  Returns:
    str: the run's date, machine and load, then a Markdown table of
    every command's median and its ratio to `import tensorflow`.
  """
  seconds = report["median_seconds"]
  ratios = report["vs_import_tensorflow"]
  machine = report["machine"]
  lines = ["Measured {} by `{}` ({} logical CPUs, TensorFlow {}, Python "
           "{}), load average {:.1f} before and {:.1f} after:".format(
               machine["date"], report["command"], machine["cpus"],
               machine["tensorflow"], machine["python"],
               report["load_average_before"][0],
               report["load_average_after"][0]),
           "",
           "| command | median wall time | vs `import tensorflow` |",
           "|---|---|---|"]
  for name in sorted(seconds, key=lambda n: -seconds[n]):
    lines.append("| {} | {:.2f} s | {:.3f} |".format(
        report["commands"].get(name, name), seconds[name], ratios[name]))
  return "\n".join(lines)


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--rounds", type=int, default=9)
  parser.add_argument("--json", default="benchmarks/results/startup.json",
                      help="where to write the numbers ('' for nowhere)")
  parser.add_argument("--readme", action="store_true",
                      help="write the README's start-up block from this run")
  args = parser.parse_args(argv)
  if args.rounds < 1:
    parser.error("--rounds must be at least 1")
  load_before = os.getloadavg()
  times = measure(args.rounds)
  report = dict(summarize(times), seconds=times, rounds=args.rounds,
                commands={name: text for name, _, text in COMMANDS},
                machine=_machine(), load_average_before=list(load_before),
                load_average_after=list(os.getloadavg()),
                command=" ".join(["python -m benchmarks.startup"] + list(
                    sys.argv[1:] if argv is None else argv)))
  for name, _, text in COMMANDS:
    print("{:<62} {:6.2f} s  {:5.3f}x import tensorflow".format(
        text, report["median_seconds"][name],
        report["vs_import_tensorflow"][name]))
  print("load average {:.1f} before, {:.1f} after".format(
      report["load_average_before"][0], report["load_average_after"][0]))
  print("upgrade --help / import tensorflow: {:.3f}".format(
      report["upgrade_vs_tensorflow"]))
  if args.json:
    with open(args.json, "w") as handle:
      json.dump(report, handle, indent=1, sort_keys=True)
      handle.write("\n")
  if args.readme:
    _readme.write_block("startup", readme_sentence(report))
    _readme.write_block("startup-table", docs_table(report), path=DOCS)


if __name__ == "__main__":
  main()
