"""What a step's time leaves out: import, build, first step, memory, machine.

Measured once per run, after the interleaved rounds, and reported beside
them (`format_extras` in benchmarks/_report.py).
"""

import datetime
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

import edward_lite as ed
import tensorflow.compat.v1 as tf

from benchmarks import _memory
from benchmarks._models import BiGAN

__all__ = ["machine_info", "measure_import", "measure_lifecycle"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Read in a new process, from the repository (for `benchmarks`): the
# memory reader is imported after the timing, and is a few lines.
_IMPORT_PROBE = """
import time
start = time.perf_counter()
import edward_lite
elapsed = time.perf_counter() - start
from benchmarks import _memory
print(elapsed, _memory.peak_resident_bytes())
"""


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


def measure_import(repeats):
  """Seconds and peak RSS (MB) of `import edward_lite` in a new process."""
  seconds, megabytes = [], []
  env = dict(os.environ)
  env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
  for _ in range(repeats):
    out = subprocess.run([sys.executable, "-c", _IMPORT_PROBE],
                         capture_output=True, text=True, env=env, cwd=ROOT,
                         check=True).stdout.split()
    seconds.append(float(out[0]))
    megabytes.append(int(out[1]) / 2.0 ** 20)
  return {"import_s": statistics.median(seconds),
          "import_peak_rss_mb": statistics.median(megabytes)}


def _mib(count):
  return None if count is None else count / 2.0 ** 20


def measure_lifecycle(sizes, rss_steps):
  """Build, first-step and long-run numbers for `update()`.

  Args:
    sizes: dict, one of SIZES.
    rss_steps: int. Updates between the two RSS readings.

  Returns:
    dict of str to float.
  """
  model = BiGAN(sizes)
  with model.graph.as_default():
    inference = model.inference
    start = time.perf_counter()
    inference.update(model.next_feed())
    first_step = time.perf_counter() - start
    ops_before = len(model.graph.get_operations())
    rss_before = _memory.resident_bytes()
    for _ in range(rss_steps):
      inference.update(model.next_feed())
    rss_after = _memory.resident_bytes()
    grew = len(model.graph.get_operations()) - ops_before
  result = {
      "construct_s": model.construct_seconds,
      "initialize_s": model.initialize_seconds,
      "variables_init_s": model.init_seconds,
      "first_step_s": first_step,
      "rss_steps": rss_steps,
      "rss_before_mb": _mib(rss_before),
      "rss_after_mb": _mib(rss_after),
      "graph_ops_added_by_updates": grew,
  }
  model.close()
  return result
