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

import os
import sys

# Found next to this file also when run by runpy or an importlib loader,
# which, unlike `python examples/<name>.py`, leave sys.path as it is.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402  (first: it quiets TensorFlow's start-up)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import edward_lite as ed  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402

from edward_lite import datasets  # noqa: E402
from edward_lite.models import Normal  # noqa: E402

LOC, SCALE = 4.0, 0.5  # The data distribution, as in Edward's example.


def parse_args(argv=None):
  parser = _common.example_parser(__doc__, n_iter=3000)
  parser.add_argument("--batch_size", type=int, default=64)
  parser.add_argument("--hidden_units", type=int, default=16)
  parser.add_argument("--learning_rate", type=float, default=1e-3)
  return parser.parse_args(argv)


def main(argv=None):
  args = parse_args(argv)
  os.makedirs(args.outdir, exist_ok=True)
  ed.set_seed(args.seed)

  def generative_network(eps):
    return _common.mlp(eps, args.hidden_units, 1, tf.tanh, n_hidden_layers=1)

  def discriminative_network(x):
    """Outputs the logit that x is real."""
    return _common.mlp(x, args.hidden_units * 2, 1, tf.tanh)

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
      n_print=args.n_print or _common.print_every(args.n_iter))

  sess = _common.train(inference, lambda: {
      x_ph: datasets.normal_1d(args.batch_size, loc=LOC, scale=SCALE)})

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
  _common.save_figure(fig, filename)


if __name__ == "__main__":
  main()
