"""Reproducibility jobs, run in new processes with oneDNN's kernels off.

`python -m tests.reliability._jobs JOBS` runs each job of the JSON list
JOBS in a fresh graph and prints the JSON list of their results. A job
is {"kind": "checkpoint", "mode", "path", "steps", "noise"} (see
_checkpoint_run.train_or_resume), {"kind": "rewind", "path"} (see
_checkpoint_run.rewind) or {"kind": "determinism", "style", "seed"}
(see _determinism_run.train).

`run_jobs` starts such a process from a test. Its environment sets
TF_ENABLE_ONEDNN_OPTS=0 before TensorFlow is imported: oneDNN's CPU
kernels, on by default, make two runs of one graph with one seed differ
by an ulp now and then (see docs/reliability.md), so bit-for-bit
comparisons are only meaningful without them.
"""

import json
import os
import subprocess
import sys

__all__ = ["run_jobs"]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def run_jobs(jobs, timeout=600):
  """Runs `jobs` in a new Python process; returns their results.

  Args:
    jobs: list of dict, as the module docstring says.
    timeout: seconds to wait for the process.

  Returns:
    list, one result per job.
  """
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0",
             PYTHONPATH=os.pathsep.join(
                 [ROOT] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
  child = subprocess.run(
      [sys.executable, "-m", "tests.reliability._jobs", json.dumps(jobs)],
      cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
      check=False)
  assert child.returncode == 0, child.stderr[-3000:]
  return json.loads(child.stdout.strip().splitlines()[-1])


def _run_job(job):
  # Imported here, in the child: the parent only starts the process.
  from edward_lite._tf import tf1  # pylint: disable=g-import-not-at-top
  from tests.reliability import _checkpoint_run, _determinism_run  # pylint: disable=g-import-not-at-top
  with tf1.Graph().as_default():
    if job["kind"] == "checkpoint":
      return _checkpoint_run.train_or_resume(job["mode"], job["path"],
                                             job["steps"], job["noise"])
    if job["kind"] == "rewind":
      return _checkpoint_run.rewind(job["path"])
    assert job["kind"] == "determinism", job
    return _determinism_run.train(job["style"], job["seed"])


if __name__ == "__main__":
  print(json.dumps([_run_job(job) for job in json.loads(sys.argv[1])]))
