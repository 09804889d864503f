"""The cluster of a Slurm job step, for MultiWorkerMirroredStrategy.

Slurm does not write TF_CONFIG. TensorFlow's `SlurmClusterResolver` reads
the step's own variables instead (SLURM_PROCID, SLURM_STEP_NUM_TASKS,
SLURM_STEP_NODELIST, SLURM_STEP_TASKS_PER_NODE), but on a node without
GPUs it fails (it asks `nvidia-smi`, then divides the node's GPUs among
its tasks: a step of 0). `slurm_cluster_resolver` gives it a GPU count
that works either way and returns a plain resolver that the strategy and
a `tf.distribute.Server` both take.
"""

import os
import shutil
import subprocess

from edward_lite._tf import tf

__all__ = ["slurm_cluster_resolver"]

# Enough "GPUs" that TensorFlow's resolver can give each CPU task one;
# they are never made visible or used.
_NO_GPUS_STANDIN = 1 << 16


def _gpus_on_this_node():
  """The GPUs this process may use, as Slurm and CUDA say; 0 on CPU nodes."""
  visible = os.environ.get("CUDA_VISIBLE_DEVICES")
  if visible is not None:
    return len([device for device in visible.split(",")
                if device.strip() not in ("", "-1")])
  if shutil.which("nvidia-smi") is None:
    return 0
  try:
    listing = subprocess.run(["nvidia-smi", "--list-gpus"],
                             capture_output=True, text=True, check=True,
                             timeout=30).stdout
  except (OSError, subprocess.SubprocessError):
    return 0
  return sum(line.startswith("GPU ") for line in listing.splitlines())


def slurm_cluster_resolver(port_base=8888):
  """The cluster of the Slurm job step this process is a task of.

  Launch one task per worker with `srun` (in an `sbatch` script or an
  `salloc` allocation); every task runs the same script. Task ranks
  (SLURM_PROCID) become worker indices, rank 0 the chief; each worker
  listens on its node at `port_base` plus its place among the node's
  tasks. On nodes with GPUs they are shared out evenly among the node's
  tasks, and CUDA_VISIBLE_DEVICES is set to this task's (TensorFlow's
  `SlurmClusterResolver` does this part); on CPU nodes nothing is set.

  Args:
    port_base: int. The port of each node's first task.

  Returns:
    tf.distribute.cluster_resolver.SimpleClusterResolver with the
    cluster (job "worker"), this task's type and index, and its GPUs:
    pass it to `MultiWorkerMirroredStrategy(cluster_resolver=...)` and
    use its `cluster_spec()`, `task_type` and `task_id` for the server.

  Raises:
    RuntimeError: if this process is not a task of a Slurm job step
      (SLURM_PROCID or the step's variables are missing).
  """
  if "SLURM_PROCID" not in os.environ or (
      "SLURM_STEP_NODELIST" not in os.environ):
    raise RuntimeError(
        "slurm_cluster_resolver: SLURM_PROCID and SLURM_STEP_NODELIST are not "
        "set, so this process is not a task of a Slurm job step; launch every "
        "worker with srun (docs/distributed.md).")
  gpus = _gpus_on_this_node()
  slurm_resolver = tf.distribute.cluster_resolver.SlurmClusterResolver
  if gpus:
    resolver = slurm_resolver(port_base=port_base, gpus_per_node=gpus)
    accelerators = resolver.num_accelerators()
  else:
    resolver = slurm_resolver(port_base=port_base,
                              gpus_per_node=_NO_GPUS_STANDIN,
                              gpus_per_task=1, auto_set_gpu=False)
    accelerators = {}
  spec = resolver.cluster_spec()  # also sets task_type and task_id
  return tf.distribute.cluster_resolver.SimpleClusterResolver(
      spec, task_type=resolver.task_type, task_id=resolver.task_id,
      num_accelerators=accelerators, rpc_layer="grpc")
