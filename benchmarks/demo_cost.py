"""What the README's demo costs: minutes of wall clock and disk.

Runs the demo script as the README's command does (in this Python
environment, which the README's command made with
`pip install -e ".[examples]"`), times it end to end, measures the size
of the environment on disk, and writes both to
`benchmarks/results/demo_cost.json` and between the README's
`demo-cost` markers:

    python -m benchmarks.demo_cost
"""

import argparse
import json
import os
import platform
import re
import stat
import subprocess
import sys
import tempfile
import time

from benchmarks import _readme

__all__ = ["directory_bytes", "run"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "benchmarks", "results", "demo_cost.json")


def directory_bytes(path):
  """Bytes of the regular files under `path`, each file counted once.

  Args:
    path: str. A directory.

  Returns:
    int. The sum of `os.stat(f).st_size` over the files below `path`,
    symbolic links not followed and hard links counted once.
  """
  seen = set()
  total = 0
  for folder, _, files in os.walk(path):
    for name in files:
      info = os.lstat(os.path.join(folder, name))
      if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) in seen:
        continue
      seen.add((info.st_dev, info.st_ino))
      total += info.st_size
  return total


def _sentence(result):
  return ("On a {cpus}-CPU machine the demo took {minutes:.1f} min of wall "
          "clock ({n_iter} steps; the median of {runs} runs, the slowest "
          "{slowest:.1f} min); the environment it installs takes "
          "{gb:.1f} GB of disk. Written by `python -m benchmarks.demo_cost` "
          "({date}).".format(runs=len(result["seconds"]),
                             slowest=max(result["seconds"]) / 60.0, **result))


def run(n_runs=1):
  """Times the demo `n_runs` times; writes the JSON and the README line."""
  durations = []
  for _ in range(n_runs):
    with tempfile.TemporaryDirectory() as outdir:
      start = time.perf_counter()
      finished = subprocess.run(
          [sys.executable, "examples/bigan.py", "--outdir", outdir],
          check=True, cwd=ROOT, capture_output=True, text=True)
      durations.append(time.perf_counter() - start)
  # The progress bar's last line, "n_iter/n_iter [100%]".
  n_iter = re.findall(r"(\d+)/\1 \[100%\]", finished.stdout)[-1]
  result = {
      "seconds": durations,
      "minutes": sorted(durations)[len(durations) // 2] / 60.0,
      "n_iter": int(n_iter),
      "environment_bytes": directory_bytes(sys.prefix),
      "gb": directory_bytes(sys.prefix) / 1e9,
      "cpus": os.cpu_count(),
      "machine": platform.processor() or platform.machine(),
      "date": time.strftime("%Y-%m-%d"),
  }
  with open(RESULTS, "w") as handle:
    json.dump(result, handle, indent=1)
  _readme.write_block("demo-cost", _sentence(result))
  return result


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--runs", type=int, default=1)
  print(json.dumps(run(parser.parse_args(argv).runs), indent=1))


if __name__ == "__main__":
  main()
