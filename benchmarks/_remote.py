"""The parent's side of the worker protocol (benchmarks/_worker.py).

edward_lite holds the benchmark's process in graph mode, so TF2's eager
`tf.function` and PyTorch run in child processes, one way each, so that
each one's peak memory is its own. A `Worker` starts one and speaks to
it one JSON object a line; a `RemoteWay` is its way, timed in the
parent's rounds like any other. The memory pass starts a worker for
each TF1 way too (`peak_memory`).
"""

import json
import os
import subprocess
import sys
import tempfile

import numpy as np

from benchmarks._harness import Way

__all__ = ["REMOTE_LABELS", "RemoteWay", "Worker", "kind_of", "peak_memory",
           "write_pools"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

REMOTE_LABELS = {
    "tf2_function": "TF2 `tf.function` + Keras 3 Adam",
    "tf2_function_xla": "TF2 `tf.function(jit_compile=True)` + Keras 3 Adam",
    "torch_eager": "PyTorch eager (one backward)",
    "torch_compile": "PyTorch `torch.compile` (one backward, compiled Adam "
                     "step)",
}


def kind_of(name):
  """The worker kind that runs way `name`: tf2, torch or tf1."""
  for kind in ("tf2", "torch"):
    if name.startswith(kind + "_"):
      return kind
  return "tf1"


def write_pools(pools, directory):
  """Saves the model's batches for the workers; returns the file's path."""
  path = os.path.join(directory, "pools.npz")
  np.savez(path, x=np.stack(pools[0]), z=np.stack(pools[1]))
  return path


class RemoteWay(Way):
  """A way that runs in a worker process (benchmarks/_worker.py)."""

  def __init__(self, worker, name):
    super(RemoteWay, self).__init__(name, REMOTE_LABELS[name], "session_run")
    self.worker = worker

  def block(self, count):
    return self.worker.block(self.name, count)


class Worker(object):
  """A child process running the ways `options["ways"]` of one kind.

  Args:
    kind: str. "tf1", "tf2" or "torch".
    sizes: dict, the model's sizes.
    options: dict, see benchmarks/_worker.py.
  """

  def __init__(self, kind, sizes, options):
    env = dict(os.environ)
    if kind == "tf2":
      env["TF_USE_LEGACY_KERAS"] = "0"  # TF2 with Keras 3, as users have it.
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # A file, not a pipe: nobody reads a pipe until the worker fails, and
    # a full one would stop it.
    self._stderr = tempfile.TemporaryFile(mode="w+")
    self.process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._worker", kind, json.dumps(sizes),
         json.dumps(options)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
        text=True, cwd=ROOT, env=env)
    self.kind = kind
    self.ways = list(options.get("ways", []))
    self.ready, self.skipped, self.first_step_s = [], {}, {}

  def _answer(self):
    line = self.process.stdout.readline()
    if not line:
      self.process.wait()
      self._stderr.seek(0)
      raise RuntimeError("{} worker failed: {}".format(
          self.kind, self._stderr.read()[-2000:]))
    return json.loads(line)

  def _ask(self, command):
    self.process.stdin.write(json.dumps(command) + "\n")
    self.process.stdin.flush()
    return self._answer()

  def wait_ready(self):
    """Waits until the child has built its ways and run their first steps."""
    hello = self._answer()
    self.ready = hello["ready"]
    self.skipped = hello["skipped"]
    self.first_step_s = hello["first_step_s"]

  def block(self, name, count):
    answer = self._ask({"cmd": "block", "way": name, "count": count})
    return answer["walls"], answer["cpus"]

  def memory(self):
    """The child's peak RSS so far and at its framework's import, in MiB."""
    answer = self._ask({"cmd": "memory"})
    return {"peak_rss_mb": answer["peak_rss_bytes"] / 2.0 ** 20,
            "import_peak_rss_mb": answer["import_peak_rss_bytes"] / 2.0 ** 20}

  def close(self):
    try:
      self.process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
      self.process.stdin.flush()
      self.process.wait(timeout=60)
    except (OSError, subprocess.TimeoutExpired):
      self.process.kill()
    self._stderr.close()


def peak_memory(sizes, names, steps, log=None):
  """Each TF1 way's peak RSS, in a worker process of its own.

  Args:
    sizes: dict, the model's sizes.
    names: list of TF1 way names.
    steps: int. Steps after the first before the reading.
    log: callable taking a str, or None.

  Returns:
    dict of name to {"peak_rss_mb", "import_peak_rss_mb"}.
  """
  found = {}
  for name in names:
    if log is not None:
      log("peak memory of {}".format(name))
    worker = Worker("tf1", sizes, {"ways": [name]})
    try:
      worker.wait_ready()
      worker.block(name, steps)
      found[name] = worker.memory()
    finally:
      worker.close()
  return found
