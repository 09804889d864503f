"""Two worker processes (MultiWorkerMirroredStrategy, graph mode) on
127.0.0.1 train examples/bigan_multiworker.py exactly as one process does.

The workers find each other through TF_CONFIG on free local ports; one
cluster feeds the global batches, another reads them from a dataset
distributed by the strategy.
Both end with the same variables, and their losses and variables equal
those of the same script run here without TF_CONFIG, on one device and
the same global batches (float tolerance as in test_mirrored.py: the
all-reduce adds two half-batch sums). Only the chief prints progress,
writes an event file and saves samples.
"""

import glob
import importlib.util
import json
import os
import socket
import subprocess
import sys

import numpy as np
import pytest

from edward_lite._tf import tf1

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "bigan_multiworker.py")
ARGS = ["--n_iter", "12", "--n_print", "4", "--batch_size", "32",
        "--hidden_units", "32"]
# Importing TensorFlow twice on two busy cores dominates; training is ~1 s.
TIMEOUT = 300
RTOL, ATOL = 1e-5, 1e-6


def free_ports(count):
  """Ports nobody listens on now; all bound at once so they differ."""
  sockets = [socket.socket() for _ in range(count)]
  try:
    for sock in sockets:
      sock.bind(("127.0.0.1", 0))
    return [sock.getsockname()[1] for sock in sockets]
  finally:
    for sock in sockets:
      sock.close()


def run_in_this_process(argv):
  spec = importlib.util.spec_from_file_location("bigan_multiworker", EXAMPLE)
  module = importlib.util.module_from_spec(spec)
  spec.loader.exec_module(module)
  with tf1.Graph().as_default():
    return module.main(argv)


def tail(path):
  with open(path, errors="replace") as handle:
    return handle.read()[-3000:]


def start_workers(tmp_path, name, ports, extra_args):
  """Starts one cluster's two workers; returns [(process, log path)]."""
  cluster = {"worker": ["127.0.0.1:{}".format(port) for port in ports]}
  started = []
  for index in (0, 1):
    prefix = str(tmp_path / "{}{}".format(name, index))
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", TF_CONFIG=json.dumps(
        {"cluster": cluster, "task": {"type": "worker", "index": index}}))
    with open(prefix + ".log", "w") as log:
      process = subprocess.Popen(
          [sys.executable, EXAMPLE] + ARGS + extra_args + [
              "--save", prefix + ".npz", "--logdir", prefix + "_logs",
              "--outdir", prefix + "_out"],
          env=env, stdout=log, stderr=subprocess.STDOUT, cwd=str(tmp_path))
    started.append((process, prefix))
  return started


@pytest.mark.slow
def test_two_workers_equal_one_process_on_the_global_batch(tmp_path,
                                                           monkeypatch):
  """Fed global batches and a distributed dataset: two clusters at once."""
  monkeypatch.delenv("TF_CONFIG", raising=False)
  ports = free_ports(4)
  workers = []
  try:
    workers += start_workers(tmp_path, "feed", ports[:2], [])
    workers += start_workers(tmp_path, "dataset", ports[2:],
                             ["--input", "dataset"])
    reference = run_in_this_process(ARGS)
    for process, prefix in workers:
      process.wait(timeout=TIMEOUT)
      assert process.returncode == 0, tail(prefix + ".log")
  finally:
    for process, _ in workers:
      if process.poll() is None:
        process.kill()
        process.wait()

  assert len(reference) == 13  # 12 variables and the losses
  assert reference["losses"].shape == (12, 2)
  for name in ("feed", "dataset"):
    chief, other = (np.load(str(tmp_path / "{}{}.npz".format(name, i)))
                    for i in (0, 1))
    assert sorted(chief.files) == sorted(other.files) == sorted(reference)
    for key in reference:
      # One all-reduce gives both workers the same sums: bit-equal copies.
      np.testing.assert_array_equal(chief[key], other[key],
                                    err_msg=name + " " + key)
      np.testing.assert_allclose(chief[key], reference[key], rtol=RTOL,
                                 atol=ATOL, err_msg=name + " " + key)

    prefix = str(tmp_path / name)
    chief_log, other_log = tail(prefix + "0.log"), tail(prefix + "1.log")
    assert "12/12 [100%]" in chief_log and "Gen Loss" in chief_log
    assert "Gen Loss" not in other_log
    assert glob.glob(os.path.join(prefix + "0_logs", "*", "events.*"))
    assert not os.path.exists(prefix + "1_logs")
    assert os.path.isfile(os.path.join(prefix + "0_out", "samples.png"))
    assert not os.path.exists(prefix + "1_out")
