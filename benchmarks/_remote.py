"""The parent's side of the worker protocol (benchmarks/_worker.py).

edward_lite holds the benchmark's process in graph mode, so TF2's eager
`tf.function` and PyTorch run in child processes. A `Worker` starts one
and speaks to it one JSON object a line; a `RemoteWay` is one of its
ways, timed in the parent's rounds like any other.
"""

import json
import os
import subprocess
import sys

from benchmarks._harness import Way

__all__ = ["REMOTE_LABELS", "RemoteWay", "Worker"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

REMOTE_LABELS = {
    "tf2_function": "TF2 `tf.function` + Keras 3 Adam",
    "tf2_function_xla": "TF2 `tf.function(jit_compile=True)` + Keras 3 Adam",
    "torch_eager": "PyTorch eager (one backward)",
    "torch_compile": "PyTorch `torch.compile` (one backward, compiled Adam "
                     "step)",
}


class RemoteWay(Way):
  """A way that runs in a worker process (benchmarks/_worker.py)."""

  def __init__(self, worker, name):
    super(RemoteWay, self).__init__(name, REMOTE_LABELS[name], "session_run")
    self.worker = worker

  def block(self, count):
    return self.worker.block(self.name, count)


class Worker(object):
  """A child process running the TF2 or PyTorch ways."""

  def __init__(self, kind, sizes, options):
    env = dict(os.environ)
    env["TF_USE_LEGACY_KERAS"] = "0"  # TF2 with Keras 3, as users have it.
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    self.process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._worker", kind, json.dumps(sizes),
         json.dumps(options)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, cwd=ROOT, env=env)
    self.kind = kind
    self.ready, self.skipped, self.first_step_s = [], {}, {}

  def wait_ready(self):
    """Waits until the child has built and warmed up its ways."""
    line = self.process.stdout.readline()
    if not line:
      error = self.process.stderr.read()
      raise RuntimeError("{} worker failed: {}".format(self.kind,
                                                       error[-2000:]))
    hello = json.loads(line)
    self.ready = hello["ready"]
    self.skipped = hello["skipped"]
    self.first_step_s = hello["first_step_s"]

  def block(self, name, count):
    self.process.stdin.write(json.dumps(
        {"cmd": "block", "way": name, "count": count}) + "\n")
    self.process.stdin.flush()
    answer = json.loads(self.process.stdout.readline())
    return answer["walls"], answer["cpus"]

  def close(self):
    try:
      self.process.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
      self.process.stdin.flush()
      self.process.wait(timeout=60)
    except (OSError, subprocess.TimeoutExpired):
      self.process.kill()
