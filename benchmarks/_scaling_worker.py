"""One process of the scaling benchmark: times a data-parallel BiGAN step.

    python -m benchmarks._scaling_worker --size mnist --replicas 2 \\
        --steps 30 --json out.json           # MirroredStrategy, 2 CPUs
    TF_CONFIG=... python -m benchmarks._scaling_worker --size mnist \\
        --steps 30 --json out.json           # one loopback worker

With TF_CONFIG it is one MultiWorkerMirroredStrategy worker (one replica
per worker); without, one process with `--replicas` logical CPUs under
MirroredStrategy (1: no strategy at all). The model is Edward's MNIST
BiGAN (benchmarks/_models.py) at a per-replica batch of 100, so the
global batch grows with the replicas (weak scaling). The chief (or the
only process) writes to `--json`, in seconds per step, medians over
`--rounds` rounds of `--steps` steps:

- step: one `update()` (the joint step) fed from a pool of ready
  batches: compute and all-reduce, no input preparation;
- allreduce: the same all-reduces alone (one over tensors shaped like
  both sides' gradients, as the optimizers batch them, and one per
  loss), with the same strategy, in the same session;
- input: drawing one global batch as a feeding loop does (binarized
  pixels, normal noise) in NumPy.

Compute is what the step takes beyond its all-reduces.
"""

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

import edward_lite as ed
import tensorflow.compat.v1 as tf

from edward_lite.inferences import finish_run

from benchmarks._models import mlp_networks

__all__ = ["SIZES", "main"]

# Per-replica sizes: Edward's MNIST BiGAN, and one with 4x the hidden units
# (about 4x the parameters, so 4x the bytes to all-reduce).
SIZES = {
    "mnist": dict(batch=100, pixels=784, latent=50, hidden=300),
    "large": dict(batch=100, pixels=784, latent=50, hidden=1200),
}
POOL = 8


def _strategy(replicas):
  """(strategy or None, session target, config, server, workers)."""
  resolver = tf.distribute.cluster_resolver.TFConfigClusterResolver()
  if resolver.cluster_spec().jobs:
    strategy = tf.distribute.experimental.MultiWorkerMirroredStrategy(
        cluster_resolver=resolver)
    config = strategy.update_config_proto(tf.ConfigProto())
    server = tf.distribute.Server(
        resolver.cluster_spec(), job_name=resolver.task_type,
        task_index=resolver.task_id, config=config, start=True)
    workers = len(resolver.cluster_spec().as_dict()["worker"])
    return strategy, server.target, config, server, workers
  config = tf.ConfigProto(device_count={"CPU": replicas})
  if replicas == 1:
    return None, "", config, None, 1
  strategy = tf.distribute.MirroredStrategy(
      ["/cpu:{}".format(i) for i in range(replicas)])
  return strategy, "", config, None, 1


def _allreduce_op(strategy, variables, value):
  """The step's all-reduces alone: gradients batched, then each loss.

  The tensors are filled with `value`, a placeholder, so that nothing can
  be computed before the session runs them.
  """
  shapes = [v.shape for v in variables]

  def replica():
    context = tf.distribute.get_replica_context()
    grads = context.all_reduce(tf.distribute.ReduceOp.SUM,
                               [tf.fill(shape, value) for shape in shapes])
    return [tf.reduce_sum(g[..., :1]) for g in grads]

  outputs = strategy.extended.call_for_each_replica(replica)
  losses = [strategy.extended.call_for_each_replica(lambda: value + 0.0)
            for _ in range(2)]
  reduced = [strategy.reduce(tf.distribute.ReduceOp.MEAN, loss, axis=None)
             for loss in losses]
  return tf.group(strategy.group(outputs), *reduced)


def _median_time(run, steps, rounds):
  times = []
  for _ in range(rounds):
    start = time.perf_counter()
    for _ in range(steps):
      run()
    times.append((time.perf_counter() - start) / steps)
  return statistics.median(times)


def measure(size, replicas, steps, rounds, warmup):
  """Times the step, its all-reduces and its input; returns a dict."""
  sizes = SIZES[size]
  strategy, target, config, server, workers = _strategy(replicas)
  num_replicas = strategy.num_replicas_in_sync if strategy else 1
  global_batch = sizes["batch"] * num_replicas
  ed.set_seed(42)
  with tf.Session(target, config=config) as sess:
    scope = strategy.scope() if strategy else _NullScope()
    with scope:
      x_ph = tf.placeholder(tf.float32, [global_batch, sizes["pixels"]])
      z_ph = tf.placeholder(tf.float32, [global_batch, sizes["latent"]])
      # The speed benchmark's MLP networks, at this run's sizes.
      xf, zf, discriminator = mlp_networks(sizes, x_ph, z_ph)
      inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)
      options = {"strategy": strategy} if strategy else {}
      inference.initialize(optimizer=tf.train.AdamOptimizer(),
                           optimizer_d=tf.train.AdamOptimizer(), n_print=0,
                           **options)
      trainables = tf.trainable_variables()
      allreduce = None
      if strategy is not None:
        fill = tf.placeholder(tf.float32, [])
        allreduce = _allreduce_op(strategy, trainables, fill)
    sess.run(tf.global_variables_initializer())
    rng = np.random.RandomState(0)

    def draw():
      return {x_ph: rng.binomial(1, 0.5, (global_batch, sizes["pixels"]))
                    .astype(np.float32),
              z_ph: rng.standard_normal((global_batch, sizes["latent"]))
                    .astype(np.float32)}

    pool = [draw() for _ in range(POOL)]
    counter = [0]

    def step():
      inference.update(pool[counter[0] % POOL])
      counter[0] += 1

    for _ in range(warmup):
      step()
      if allreduce is not None:
        sess.run(allreduce, {fill: 1.0})
    result = {
        "size": size, "replicas": num_replicas, "workers": workers,
        "global_batch": global_batch,
        "parameters": int(sum(np.prod(v.shape) for v in trainables)),
        "step": _median_time(step, steps, rounds),
        "allreduce": (_median_time(lambda: sess.run(allreduce, {fill: 1.0}),
                                   steps, rounds)
                      if allreduce is not None else 0.0),
        "input": _median_time(draw, steps, rounds),
    }
    if strategy is not None:
      finish_run(strategy)
  del server
  return result


class _NullScope(object):

  def __enter__(self):
    return self

  def __exit__(self, *exc_info):
    return False


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--size", choices=sorted(SIZES), default="mnist")
  parser.add_argument("--replicas", type=int, default=1)
  parser.add_argument("--steps", type=int, default=20)
  parser.add_argument("--rounds", type=int, default=3)
  parser.add_argument("--warmup", type=int, default=5)
  parser.add_argument("--json", required=True)
  args = parser.parse_args(argv)
  result = measure(args.size, args.replicas, args.steps, args.rounds,
                   args.warmup)
  config = json.loads(os.environ.get("TF_CONFIG") or "{}")
  if config.get("task", {}).get("index", 0) == 0:
    with open(args.json, "w") as handle:
      json.dump(result, handle)


if __name__ == "__main__":
  main()
  sys.stdout.flush()
  if os.environ.get("TF_CONFIG"):
    os._exit(0)  # pylint: disable=protected-access  (gRPC server: no shutdown)
