"""Generative adversarial network (Goodfellow et al., 2014) for 1-D
Gaussian data.

The data is N(4, 0.5^2), as in Edward's examples/gan_synthetic_data.py
(inspired by Eric Jang's blog post); the generator turns standard
normal noise into numbers, and the figure compares the density of what
it makes with the true density. Watch for the usual failure modes: the
generator collapsing onto a narrow spike (variance far too small), or
settling away from 4.

Writes to `--outdir`:
  density.png  true density, histogram of generated samples, and the
               discriminator's probability that x is real

    python examples/gan_1d.py --n_iter 3000 --outdir out/
"""

import argparse
import os
import warnings

# Quieter start-up: TensorFlow's C++ logs and the tf.layers deprecation
# notices say nothing about this example.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
warnings.filterwarnings("ignore", message=".*tf.layers.* is deprecated")

import matplotlib  # noqa: E402
matplotlib.use("Agg")  # Files only: no display needed.
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import edward_lite as ed  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402

from edward_lite import datasets  # noqa: E402
from edward_lite.models import Normal  # noqa: E402

LOC, SCALE = 4.0, 0.5  # The data distribution, as in Edward's example.


def parse_args(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--n_iter", type=int, default=3000,
                      help="Number of joint generator/discriminator updates.")
  parser.add_argument("--n_print", type=int, default=None,
                      help="Print progress every n_print updates (default: "
                           "about n_iter / 100, dividing n_iter).")
  parser.add_argument("--seed", type=int, default=42)
  parser.add_argument("--outdir", default="out/")
  parser.add_argument("--batch_size", type=int, default=64)
  parser.add_argument("--hidden_units", type=int, default=16)
  parser.add_argument("--learning_rate", type=float, default=1e-3)
  return parser.parse_args(argv)


def print_every(n_iter):
  """About n_iter / 100, but dividing n_iter so the last update prints.

  Edward's progress bar prints at t == 1 and at multiples of n_print
  only; with a divisor the final `n_iter/n_iter` line always appears.
  """
  target = max(1, n_iter // 100)
  return max(step for step in range(1, target + 1) if n_iter % step == 0)


def main(argv=None):
  args = parse_args(argv)
  os.makedirs(args.outdir, exist_ok=True)
  ed.set_seed(args.seed)

  def generative_network(eps):
    net = tf.layers.dense(eps, args.hidden_units, activation=tf.tanh)
    return tf.layers.dense(net, 1, activation=None)

  def discriminative_network(x):
    """Outputs the logit that x is real."""
    net = tf.layers.dense(x, args.hidden_units * 2, activation=tf.tanh)
    net = tf.layers.dense(net, args.hidden_units * 2, activation=tf.tanh)
    return tf.layers.dense(net, 1, activation=None)

  # DATA. A fresh batch is drawn and fed at every update.
  x_ph = tf.placeholder(tf.float32, [args.batch_size, 1])

  # MODEL
  with tf.variable_scope("Gen"):
    eps = Normal(loc=tf.zeros([args.batch_size, 1]),
                 scale=tf.ones([args.batch_size, 1]))
    x = generative_network(eps)

  # INFERENCE
  optimizer = tf.train.AdamOptimizer(args.learning_rate, beta1=0.5)
  optimizer_d = tf.train.AdamOptimizer(args.learning_rate, beta1=0.5)
  inference = ed.GANInference(
      data={x: x_ph}, discriminator=discriminative_network)
  inference.initialize(
      optimizer=optimizer, optimizer_d=optimizer_d, n_iter=args.n_iter,
      n_print=args.n_print or print_every(args.n_iter))

  sess = ed.get_session()
  tf.global_variables_initializer().run()

  for _ in range(inference.n_iter):
    x_data = datasets.normal_1d(args.batch_size, loc=LOC, scale=SCALE)
    info_dict = inference.update(feed_dict={x_ph: x_data})
    inference.print_progress(info_dict)

  # CRITICISM. The discriminator on a grid, as Edward's get_samples did.
  grid_ph = tf.placeholder(tf.float32, [None, 1])
  with tf.variable_scope("Disc", reuse=True):
    p_real = tf.sigmoid(discriminative_network(grid_ph))
  xs = np.linspace(0.0, 8.0, 400)
  decision = sess.run(p_real, {grid_ph: xs[:, None]}).ravel()
  generated = np.concatenate([sess.run(x) for _ in range(10000 //
                                                          args.batch_size)])
  print("Generated mean {:.3f} (true {}), std {:.3f} (true {})".format(
      generated.mean(), LOC, generated.std(), SCALE))

  filename = os.path.join(args.outdir, "density.png")
  plot_density(xs, decision, generated.ravel(), filename)
  print("Wrote {}".format(filename))


def plot_density(xs, decision, generated, filename):
  true_density = (np.exp(-0.5 * ((xs - LOC) / SCALE)**2) /
                  (SCALE * np.sqrt(2.0 * np.pi)))
  fig, ax = plt.subplots(figsize=(8, 5))
  heights, _, _ = ax.hist(generated, bins=np.linspace(xs[0], xs[-1], 81),
                          density=True, color="tab:orange", alpha=0.6,
                          label="generated data (histogram)")
  ax.plot(xs, true_density, color="black",
          label="true density N({}, {}^2)".format(LOC, SCALE))
  ax.plot(xs, decision, color="tab:blue", ls="--",
          label="discriminator: P(real | x)")
  ax.set_xlim(xs[0], xs[-1])
  # Room for a collapsed generator's spike as well as for P(real | x).
  ax.set_ylim(0.0, 1.1 * max(1.0, true_density.max(), heights.max()))
  ax.set_xlabel("x")
  ax.set_ylabel("probability density")
  ax.set_title("1-D generative adversarial network")
  ax.legend(loc="upper left")
  fig.tight_layout()
  fig.savefig(filename, dpi=100)
  plt.close(fig)


if __name__ == "__main__":
  main()
