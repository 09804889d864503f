"""slurm_cluster_resolver in a faked Slurm job step (issue 16.6).

The environment is what `srun` gives each task; `nvidia-smi` is a script
of the test's on PATH, or absent (a CPU node).
"""

import os
import re
import stat

import pytest

import edward_lite as ed
from edward_lite._tf import tf1
from edward_lite.inferences._distributed import data_parallel

SLURM_VARIABLES = ("SLURM_PROCID", "SLURM_STEP_NUM_TASKS",
                   "SLURM_STEP_NODELIST", "SLURM_STEP_TASKS_PER_NODE")


@pytest.fixture
def slurm_step(monkeypatch, tmp_path):
  """Sets a job step's variables: 2 nodes, cn07 and cn08, 2 tasks each."""
  def start(rank, gpus=None):
    monkeypatch.setenv("SLURM_PROCID", str(rank))
    monkeypatch.setenv("SLURM_STEP_NUM_TASKS", "4")
    monkeypatch.setenv("SLURM_STEP_NODELIST", "cn[07-08]")
    monkeypatch.setenv("SLURM_STEP_TASKS_PER_NODE", "2(x2)")
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    monkeypatch.delenv("TF_CONFIG", raising=False)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if gpus:
      fake = bin_dir / "nvidia-smi"
      fake.write_text("#!/bin/sh\n" + "".join(
          "echo 'GPU {}: Fake GPU (UUID: GPU-{})'\n".format(i, i)
          for i in range(gpus)))
      fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bin_dir))
  return start


def test_cpu_node_tasks_become_workers_in_rank_order(slurm_step):
  slurm_step(rank=2)
  resolver = ed.inferences.slurm_cluster_resolver()
  assert resolver.cluster_spec().as_dict() == {"worker": [
      "cn07:8888", "cn07:8889", "cn08:8888", "cn08:8889"]}
  assert (resolver.task_type, resolver.task_id) == ("worker", 2)
  assert resolver.num_accelerators() == {}
  assert "CUDA_VISIBLE_DEVICES" not in os.environ
  with tf1.Graph().as_default():
    strategy = tf1.distribute.experimental.MultiWorkerMirroredStrategy(
        cluster_resolver=resolver)
    assert strategy.num_replicas_in_sync == 4
    assert not data_parallel.is_chief(strategy)


def test_rank_zero_is_the_chief_and_port_base_is_used(slurm_step):
  slurm_step(rank=0)
  resolver = ed.inferences.slurm_cluster_resolver(port_base=23456)
  assert resolver.cluster_spec().as_dict() == {"worker": [
      "cn07:23456", "cn07:23457", "cn08:23456", "cn08:23457"]}
  assert (resolver.task_type, resolver.task_id) == ("worker", 0)
  with tf1.Graph().as_default():
    strategy = tf1.distribute.experimental.MultiWorkerMirroredStrategy(
        cluster_resolver=resolver)
    assert data_parallel.is_chief(strategy)


def test_gpu_node_shares_its_gpus_among_its_tasks(slurm_step):
  slurm_step(rank=3, gpus=4)
  resolver = ed.inferences.slurm_cluster_resolver()
  assert (resolver.task_type, resolver.task_id) == ("worker", 3)
  assert resolver.num_accelerators() == {"GPU": 2}
  # Task 3 is cn08's second task: that node's GPUs 2 and 3.
  assert os.environ["CUDA_VISIBLE_DEVICES"] == "2,3"


def test_outside_a_job_step_says_to_use_srun(monkeypatch):
  for name in SLURM_VARIABLES:
    monkeypatch.delenv(name, raising=False)
  with pytest.raises(RuntimeError, match=re.escape(
      "slurm_cluster_resolver: SLURM_PROCID and SLURM_STEP_NODELIST are not "
      "set, so this process is not a task of a Slurm job step; launch every "
      "worker with srun (docs/distributed.md).")):
    ed.inferences.slurm_cluster_resolver()
