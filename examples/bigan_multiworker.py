"""A BiGAN (ALI) on handwritten digits, trained data-parallel by several
worker processes with tf.distribute.MultiWorkerMirroredStrategy.

Every worker runs this same script. TF_CONFIG tells each one the cluster
and which task it is; each builds the same graph, starts a TensorFlow
server for its task, and trains on its slice of every global batch while
the gradients are all-reduced between workers, so that all workers hold
the same variables after every step. Only the chief (worker 0) prints
progress, writes summaries (`--logdir`) and saves `samples.png`.

Two workers on one machine (docs/distributed.md has the cluster case):

    export CLUSTER='{"worker": ["localhost:12345", "localhost:12346"]}'
    TF_CONFIG="{\"cluster\": $CLUSTER, \"task\": {\"type\": \"worker\", \"index\": 1}}" \\
        python examples/bigan_multiworker.py --n_iter 2000 &
    TF_CONFIG="{\"cluster\": $CLUSTER, \"task\": {\"type\": \"worker\", \"index\": 0}}" \\
        python examples/bigan_multiworker.py --n_iter 2000 --outdir out/

Under Slurm, `srun` starts one task per worker and the cluster is read
from Slurm's variables (`ed.inferences.slurm_cluster_resolver`).

Without TF_CONFIG (or Slurm) the script trains in this one process: on one device,
or with `--local_devices 2` over two logical CPUs (MirroredStrategy).
Given the same seed, every mode sees the same global batches, so their
losses and variables agree up to float rounding.
"""

import argparse
import contextlib
import json
import os
import sys

import numpy as np

import edward_lite as ed
import tensorflow.compat.v1 as tf

from edward_lite import datasets
from edward_lite.inferences import (
    distribute_dataset, finish_run, slurm_cluster_resolver)


def parse_args(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--n_iter", type=int, default=2000)
  parser.add_argument("--n_print", type=int, default=None)
  parser.add_argument("--seed", type=int, default=42)
  parser.add_argument("--batch_size", type=int, default=100,
                      help="Global batch size, split evenly over all replicas.")
  parser.add_argument("--latent_dim", type=int, default=6)
  parser.add_argument("--hidden_units", type=int, default=128)
  parser.add_argument("--learning_rate", type=float, default=2e-4)
  parser.add_argument("--input", choices=["feed", "dataset"], default="feed",
                      help="feed: every worker feeds the global batch and "
                           "each replica takes its slice; dataset: a tf.data "
                           "pipeline distributed by the strategy.")
  parser.add_argument("--local_devices", type=int, default=1,
                      help="Without TF_CONFIG: logical CPUs to mirror over.")
  parser.add_argument("--logdir", default=None)
  parser.add_argument("--outdir", default=None,
                      help="Where the chief saves samples.png.")
  parser.add_argument("--save", default=None,
                      help="Write every step's losses and the final "
                           "variables to this .npz file.")
  return parser.parse_args(argv)


def make_strategy(local_devices):
  """(strategy or None, session target, session config, server or None)."""
  resolver = tf.distribute.cluster_resolver.TFConfigClusterResolver()
  if not resolver.cluster_spec().jobs and "SLURM_STEP_NODELIST" in os.environ:
    # A task of a Slurm job step (srun), which writes no TF_CONFIG.
    resolver = slurm_cluster_resolver()
  if not resolver.cluster_spec().jobs:
    config = tf.ConfigProto(device_count={"CPU": local_devices})
    if local_devices == 1:
      return None, "", config, None
    strategy = tf.distribute.MirroredStrategy(
        ["/cpu:{}".format(i) for i in range(local_devices)])
    return strategy, "", config, None
  strategy = tf.distribute.experimental.MultiWorkerMirroredStrategy(
      cluster_resolver=resolver)
  # Graph mode starts no server of its own: each worker runs one for its
  # task, and the session talks to it with the strategy's collective
  # settings (group leader, device filters).
  config = strategy.update_config_proto(tf.ConfigProto())
  server = tf.distribute.Server(
      resolver.cluster_spec(), job_name=resolver.task_type,
      task_index=resolver.task_id, config=config, start=True)
  return strategy, server.target, config, server


def main(argv=None):
  """Trains and returns {"losses": [[loss, loss_d], ...], name: value}."""
  args = parse_args(argv)
  ed.set_seed(args.seed)
  strategy, target, config, server = make_strategy(args.local_devices)
  chief = strategy is None or strategy.extended.should_save_summary

  x_train, _ = datasets.digits(test_fraction=0.1, seed=args.seed)[0]
  n_pixels = x_train.shape[1]
  x_batches = datasets.generator(x_train, args.batch_size, seed=args.seed)
  z_draws = np.random.RandomState(args.seed + 1)

  def leaky_relu(x):
    return tf.maximum(x, 0.2 * x)

  def gen_data(z):
    net = tf.layers.dense(z, args.hidden_units, activation=leaky_relu)
    return tf.layers.dense(net, n_pixels, activation=tf.sigmoid)

  def gen_latent(x):
    net = tf.layers.dense(x, args.hidden_units, activation=leaky_relu)
    return tf.layers.dense(net, args.latent_dim)

  def discriminative_network(x, z):
    net = tf.layers.dense(tf.concat([x, z], 1), args.hidden_units,
                          activation=leaky_relu)
    return tf.layers.dense(net, 1)

  with tf.Session(target, config=config) as sess:
    scope = strategy.scope() if strategy else contextlib.nullcontext()
    with scope:
      # DATA. The global batch of images x and of prior draws z.
      if args.input == "feed":
        x_ph = tf.placeholder(tf.float32, [args.batch_size, n_pixels])
        z_ph = tf.placeholder(tf.float32, [args.batch_size, args.latent_dim])
      else:
        dataset = tf.data.Dataset.from_generator(
            lambda: ((next(x_batches),
                      z_draws.randn(args.batch_size, args.latent_dim))
                     for _ in range(args.n_iter)),
            output_types=(tf.float32, tf.float32),
            output_shapes=([args.batch_size, n_pixels],
                           [args.batch_size, args.latent_dim]))
        if strategy is None:
          x_ph, z_ph = tf.data.make_one_shot_iterator(dataset).get_next()
        else:
          (x_ph, z_ph), start_input = distribute_dataset(strategy, dataset)

      # MODEL. Encoder and generator under "Gen", made under the scope so
      # that every replica has its own copy of their variables.
      with tf.variable_scope("Gen"):
        with tf.variable_scope("decoder"):
          xf = gen_data(z_ph)
        with tf.variable_scope("encoder"):
          zf = gen_latent(x_ph)

      # INFERENCE.
      inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph},
                                    discriminative_network)
      inference.initialize(
          optimizer=tf.train.AdamOptimizer(args.learning_rate, beta1=0.5),
          optimizer_d=tf.train.AdamOptimizer(args.learning_rate, beta1=0.5),
          n_iter=args.n_iter, n_print=args.n_print, logdir=args.logdir,
          strategy=strategy)

    sess.run(tf.global_variables_initializer())
    if args.input == "dataset" and strategy is not None:
      sess.run(start_input)
    losses = []
    for _ in range(inference.n_iter):
      feed = {}
      if args.input == "feed":
        feed = {x_ph: next(x_batches),
                z_ph: z_draws.randn(args.batch_size, args.latent_dim)}
      info_dict = inference.update(feed_dict=feed)
      inference.print_progress(info_dict)
      losses.append([info_dict["loss"], info_dict["loss_d"]])
    inference.finalize()

    results = {v.name: sess.run(v) for v in tf.trainable_variables()}
    results["losses"] = np.array(losses)
    if chief and args.outdir:
      # z_ph may be a dataset batch: feeding it works if the shape fits.
      rows = tf.compat.dimension_value(z_ph.shape[0]) or 64
      samples = sess.run(xf, {z_ph: np.random.normal(
          size=[rows, args.latent_dim])})
      save_samples(samples[:64], args.outdir)
    if strategy is not None:
      # No worker may leave while another still reads its part of the
      # last all-reduce: wait until every worker is done.
      finish_run(strategy)
  if args.save:
    np.savez(args.save, **results)
  del server  # kept alive until finish_run said every worker is done
  return results


def save_samples(images, outdir):
  """Saves an 8x8 grid of generated digits to outdir/samples.png."""
  import matplotlib  # pylint: disable=g-import-not-at-top
  matplotlib.use("Agg")
  import matplotlib.pyplot as plt  # pylint: disable=g-import-not-at-top
  os.makedirs(outdir, exist_ok=True)
  side = int(round(np.sqrt(images.shape[1])))
  fig, axes = plt.subplots(8, 8, figsize=(6, 6))
  for ax, image in zip(axes.ravel(), images):
    ax.imshow(image.reshape(side, side), cmap="Greys_r", vmin=0.0, vmax=1.0)
  for ax in axes.ravel():
    ax.axis("off")
  fig.savefig(os.path.join(outdir, "samples.png"), dpi=80)
  plt.close(fig)


if __name__ == "__main__":
  main()
  if ("TF_CONFIG" in os.environ and json.loads(os.environ["TF_CONFIG"]) or
      "SLURM_STEP_NODELIST" in os.environ):
    # TensorFlow's gRPC server has no shutdown in graph mode and can keep
    # the interpreter from exiting once training is over.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # pylint: disable=protected-access
