"""Distributed training: strategies, replicas, clusters, resuming.

`GANInference.initialize(..., strategy=...)` trains data-parallel with
a `tf.distribute` strategy:

- `data_parallel.py`: the strategies edward_lite trains with, the arguments
  on the chief and on other workers, datasets split over the replicas,
  and the train ops built over the replicas.
- `replicas.py`: what each replica builds: its slice of the batch and
  its copy of the model's ops.
- `cluster.py`: a multi-worker cluster as a run sees it: each step's
  deadline and the worker that does not answer, and the end of a run
  (`ed.inferences.finish_run`).
- `slurm.py`: the cluster of a Slurm job step
  (`ed.inferences.slurm_cluster_resolver`).
- `resume.py`: every worker restarted from the chief's checkpoint
  (`ed.inferences.restore_from_checkpoint`).
"""
