"""Multi-worker runs that must end: one-sided steps with logdir, a frozen
worker, and the end of a run, each on two loopback worker processes.

Each worker runs tests/distribute/wgan_worker.py (a WGAN loop, 5 critic
steps per generator step) with TF_CONFIG on free local ports. Every wait
on a worker has a hard timeout, after which the test kills the workers
and fails, so a hang fails the test instead of blocking the suite.
"""

import glob
import json
import os
import signal
import subprocess
import sys

import numpy as np
import pytest

from edward_lite._tf import tf1
from tests.distribute.test_multiworker import free_ports

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "wgan_worker.py")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
# Two TensorFlow imports on two busy cores dominate; training is ~1 s.
TIMEOUT = 240


class Cluster(object):
  """Two worker processes of one cluster, killed on exit whatever happened."""

  def __init__(self, tmp_path, name, args=(), chief_args=(), other_args=(),
               stdin=False):
    self.ports = free_ports(2)
    self.prefixes = [str(tmp_path / "{}{}".format(name, i)) for i in (0, 1)]
    cluster = {"worker": self.addresses}
    self.processes = []
    for index, prefix in enumerate(self.prefixes):
      env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2",
                 PYTHONPATH=ROOT, TF_CONFIG=json.dumps(
                     {"cluster": cluster,
                      "task": {"type": "worker", "index": index}}))
      extra = list(chief_args if index == 0 else other_args)
      with open(prefix + ".log", "w") as log:
        self.processes.append(subprocess.Popen(
            [sys.executable, WORKER, "--save", prefix + ".npz"] + list(args) +
            extra, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            cwd=str(tmp_path)))

  @property
  def addresses(self):
    return ["127.0.0.1:{}".format(port) for port in self.ports]

  def log(self, index):
    with open(self.prefixes[index] + ".log", errors="replace") as handle:
      return handle.read()

  def wait(self, index, timeout=TIMEOUT):
    """The worker's exit code; fails the test if it does not exit in time."""
    try:
      return self.processes[index].wait(timeout=timeout)
    except subprocess.TimeoutExpired:
      self.kill()
      pytest.fail("worker {} still running after {} s (a hang):\n{}".format(
          index, timeout, self.log(index)[-3000:]))

  def wait_for_line(self, index, text, timeout=TIMEOUT):
    """Waits until the worker's log has a line `text`."""
    import time  # pylint: disable=g-import-not-at-top
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
      if text in self.log(index).splitlines():
        return
      if self.processes[index].poll() is not None:
        pytest.fail("worker {} exited before '{}':\n{}".format(
            index, text, self.log(index)[-3000:]))
      time.sleep(0.2)
    self.kill()
    pytest.fail("worker {} never printed '{}'".format(index, text))

  def kill(self):
    for process in self.processes:
      if process.poll() is None:
        process.kill()
        process.wait()

  def __enter__(self):
    return self

  def __exit__(self, *exc_info):
    self.kill()


def summaries(logdir):
  """{(tag, step): value} of the scalar summaries in `logdir`'s event file."""
  path, = glob.glob(os.path.join(logdir, "events.*"))
  values = {}
  for event in tf1.train.summary_iterator(path):
    for value in event.summary.value:
      if value.HasField("simple_value"):
        values[(value.tag, event.step)] = value.simple_value
  return values


@pytest.mark.slow
def test_wgan_loop_with_logdir_on_two_workers_finishes(tmp_path):
  """Issue 16.1: the chief's summaries ran all-reduces the others never ran.

  12 steps, 5 critic steps per generator step, summaries at t = 1 and
  every 2nd step: due steps of both sides, so that before the fix the
  chief blocked at its first one.
  """
  logdir = str(tmp_path / "logs")
  with Cluster(tmp_path, "wgan", ["--steps", "12", "--n_print", "2"],
               chief_args=["--logdir", logdir]) as cluster:
    for index in (0, 1):
      assert cluster.wait(index) == 0, cluster.log(index)[-3000:]
    for index in (0, 1):
      assert cluster.log(index).splitlines()[-1] == "finished"

  chief, other = (np.load(prefix + ".npz") for prefix in cluster.prefixes)
  for key in chief.files:
    np.testing.assert_array_equal(chief[key], other[key], err_msg=key)
  infos = chief["infos"]
  np.testing.assert_array_equal(infos[:, 0], np.arange(1, 13))
  sides = ["Gen" if step % 6 == 5 else "Disc" for step in range(12)]
  logged = summaries(logdir)
  due = [t for t in range(1, 13) if t == 1 or t % 2 == 0]
  assert sorted({step for _, step in logged}) == due
  for t, loss, loss_d in infos:
    t = int(t)
    side = sides[t - 1]
    # The side not updated returns 0.0, as in Edward.
    assert (loss == 0.0) == (side == "Disc") and (loss_d == 0.0) == (
        side == "Gen")
    if t not in due:
      continue
    if side == "Gen":
      np.testing.assert_allclose(logged[("loss", t)], loss, rtol=1e-6)
    else:
      np.testing.assert_allclose(logged[("loss/discriminative", t)], loss_d,
                                 rtol=1e-6)
  assert not os.path.exists(str(tmp_path / "wgan1_logs"))


@pytest.mark.slow
def test_frozen_worker_ends_the_run_with_an_error_naming_it(tmp_path):
  """Issue 16.2: a stopped worker ends its peer's step after the timeout."""
  with Cluster(tmp_path, "frozen",
               ["--steps", "12", "--n_print", "0", "--collective_timeout",
                "5"], other_args=["--pause_at", "5"], stdin=True) as cluster:
    cluster.wait_for_line(1, "paused")
    os.kill(cluster.processes[1].pid, signal.SIGSTOP)
    code = cluster.wait(0)
    log = cluster.log(0)
  assert code != 0
  assert ("edward_lite.inferences.errors.WorkerTimeoutError: worker 0: this "
          "training step waited more than 5 s (collective_timeout) for the "
          "other workers. No answer from worker 1 ({}): stopped, dead or cut "
          "off from this worker. TensorFlow cannot run collectives in this "
          "process again: restart every worker, from the last checkpoint "
          "(docs/distributed.md).".format(cluster.addresses[1])) in log
  # Worker 1 stopped before its 5th step: the chief's 5th never ended.
  assert "step 4" in log.splitlines() and "step 5" not in log.splitlines()


REPETITIONS = 12


@pytest.mark.slow
def test_end_of_run_is_safe_run_after_run(tmp_path):
  """Issue 16.3: both workers finish cleanly every time, not most times.

  Each run trains 3 steps and ends with finish_run, then os._exit; the
  barrier-then-exit ending this replaces failed about one run in ten.
  """
  failures = []
  for repetition in range(REPETITIONS):
    with Cluster(tmp_path, "end{}_".format(repetition),
                 ["--steps", "3", "--n_print", "0"]) as cluster:
      for index in (0, 1):
        code = cluster.wait(index)
        lines = cluster.log(index).splitlines()
        if code != 0 or not lines or lines[-1] != "finished":
          failures.append((repetition, index, code, cluster.log(index)[-3000:]))
  assert not failures, failures[0]


@pytest.mark.slow
def test_restart_resumes_from_the_chiefs_checkpoint_on_every_worker(tmp_path):
  """Issue 16.4: a job that lost a worker, restarted, equals one never
  interrupted.

  The chief saves every 4 steps into its own directory; worker 1 is given
  another, empty one, so that it can only have the chief's values through
  restore_from_checkpoint. Worker 1 dies before step 10; the chief's step
  fails; both restart, resume at t = 8 and train to 12. Clipping, no
  gradient penalty: the penalty's random draws restart with the process.
  """
  common = ["--steps", "12", "--n_print", "0", "--penalty", "0", "--clip",
            "0.5", "--collective_timeout", "30"]
  chief_dir = ["--checkpoint_dir", str(tmp_path / "chief_checkpoints")]
  other_dir = ["--checkpoint_dir", str(tmp_path / "other_checkpoints")]
  with Cluster(tmp_path, "lost", common, chief_args=chief_dir,
               other_args=other_dir + ["--crash_at", "10"]) as cluster:
    assert cluster.wait(1) == 3
    assert cluster.wait(0) != 0
    assert "WorkerTimeoutError: worker 0: this training step" in cluster.log(0)
  with Cluster(tmp_path, "resumed", common, chief_args=chief_dir,
               other_args=other_dir) as resumed:
    for index in (0, 1):
      assert resumed.wait(index) == 0, resumed.log(index)[-3000:]
      assert "resumed at 8" in resumed.log(index).splitlines()
  with Cluster(tmp_path, "whole", common) as whole:
    for index in (0, 1):
      assert whole.wait(index) == 0, whole.log(index)[-3000:]

  assert not os.path.exists(str(tmp_path / "other_checkpoints"))
  reference = np.load(whole.prefixes[0] + ".npz")
  np.testing.assert_array_equal(reference["infos"][:, 0], np.arange(1, 13))
  for prefix in resumed.prefixes:
    got = np.load(prefix + ".npz")
    assert sorted(got.files) == sorted(reference.files)
    # Steps 9-12 again, with the same t, losses and final weights.
    np.testing.assert_array_equal(got["infos"], reference["infos"][8:])
    for key in reference.files:
      if key != "infos":
        np.testing.assert_array_equal(got[key], reference[key], err_msg=key)
