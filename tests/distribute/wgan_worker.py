"""One worker of a WGAN trained by MultiWorkerMirroredStrategy workers.

Run by tests/distribute/test_multiworker_faults.py, once per worker, with
TF_CONFIG set. The loop is every WGAN script's: `--critic` critic steps
(`update(variables="Disc")`) per generator step (`variables="Gen"`), on
fed global batches that every worker draws from the same seed. The chief
gets `--logdir`; every worker writes its returned losses and final
variables to `--save`.

It prints "step <t>" after every update, so that a test can tell how far
training went, and ends with `ed.inferences.finish_run`. With
`--checkpoint_dir` it resumes from the chief's latest checkpoint there
(`ed.inferences.restore_from_checkpoint`), and the chief saves one every
`--save_every` steps.
"""

import argparse
import os
import sys

import numpy as np

import edward_lite as ed
import tensorflow.compat.v1 as tf

from edward_lite.inferences import finish_run, restore_from_checkpoint

BATCH, DIM, LATENT, HIDDEN = 8, 2, 2, 4


def parse_args(argv=None):
  parser = argparse.ArgumentParser()
  parser.add_argument("--steps", type=int, default=12)
  parser.add_argument("--critic", type=int, default=5)
  parser.add_argument("--n_print", type=int, default=2)
  parser.add_argument("--logdir", default=None)
  parser.add_argument("--save", default=None)
  parser.add_argument("--collective_timeout", type=float, default=None)
  parser.add_argument("--pause_at", type=int, default=None,
                      help="Before this step, wait for a line on stdin.")
  parser.add_argument("--penalty", type=float, default=10.0)
  parser.add_argument("--clip", type=float, default=None)
  parser.add_argument("--checkpoint_dir", default=None,
                      help="Resume from here; the chief saves here.")
  parser.add_argument("--save_every", type=int, default=4)
  parser.add_argument("--crash_at", type=int, default=None,
                      help="Exit with code 3 before this step.")
  parser.add_argument("--end", choices=["finish_run", "barrier"],
                      default="finish_run",
                      help="barrier: the old ending, one more all-reduce.")
  return parser.parse_args(argv)


def main(argv=None):
  args = parse_args(argv)
  ed.set_seed(7)
  resolver = tf.distribute.cluster_resolver.TFConfigClusterResolver()
  strategy = tf.distribute.experimental.MultiWorkerMirroredStrategy(
      cluster_resolver=resolver)
  config = strategy.update_config_proto(tf.ConfigProto())
  server = tf.distribute.Server(
      resolver.cluster_spec(), job_name=resolver.task_type,
      task_index=resolver.task_id, config=config, start=True)

  def critic(x):
    return tf.layers.dense(tf.layers.dense(x, HIDDEN, tf.nn.relu), 1)

  with tf.Session(server.target, config=config) as sess:
    with strategy.scope():
      x_ph = tf.placeholder(tf.float32, [BATCH, DIM])
      z_ph = tf.placeholder(tf.float32, [BATCH, LATENT])
      with tf.variable_scope("Gen"):
        x_fake = tf.layers.dense(z_ph, DIM)
      inference = ed.WGANInference({x_fake: x_ph}, critic)
      options = {}
      if args.collective_timeout is not None:
        options["collective_timeout"] = args.collective_timeout
      if args.end == "barrier":
        ones = strategy.extended.call_for_each_replica(lambda: tf.ones([]))
        barrier = strategy.reduce(tf.distribute.ReduceOp.SUM, ones, axis=None)
      inference.initialize(
          penalty=args.penalty, clip=args.clip,
          optimizer=tf.train.GradientDescentOptimizer(0.05),
          optimizer_d=tf.train.GradientDescentOptimizer(0.05),
          n_iter=args.steps, n_print=args.n_print, logdir=args.logdir,
          log_timestamp=False, strategy=strategy, **options)
    sess.run(tf.global_variables_initializer())
    start = 0
    if args.checkpoint_dir:
      saver = tf.train.Saver()
      start = restore_from_checkpoint(inference, args.checkpoint_dir,
                                      strategy, saver=saver)
      print("resumed at", start, flush=True)
    infos = []
    for step in range(start, args.steps):
      if args.pause_at is not None and step + 1 == args.pause_at:
        print("paused", flush=True)
        sys.stdin.readline()
      if args.crash_at is not None and step + 1 == args.crash_at:
        os._exit(3)  # pylint: disable=protected-access
      # The batches of a step depend on the step alone, so that a resumed
      # run sees those the interrupted one would have.
      draws = np.random.RandomState(1000 + step)
      feed = {x_ph: draws.randn(BATCH, DIM) + 3.0,
              z_ph: draws.randn(BATCH, LATENT)}
      side = "Gen" if step % (args.critic + 1) == args.critic else "Disc"
      info = inference.update(feed, variables=side)
      infos.append([info["t"], info["loss"], info["loss_d"]])
      print("step", info["t"], flush=True)
      if (args.checkpoint_dir and resolver.task_id == 0 and
          info["t"] % args.save_every == 0):
        saver.save(sess, os.path.join(args.checkpoint_dir, "model"),
                   global_step=info["t"])
    inference.finalize()
    results = {v.name: sess.run(v) for v in tf.trainable_variables()}
    results["infos"] = np.array(infos)
    if args.save:
      np.savez(args.save, **results)
    if args.end == "barrier":
      sess.run(barrier)
    else:
      finish_run(strategy)
  print("finished", flush=True)
  del server


if __name__ == "__main__":
  main()
  sys.stdout.flush()
  # TensorFlow's gRPC server has no shutdown in graph mode.
  os._exit(0)  # pylint: disable=protected-access
