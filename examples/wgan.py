"""Wasserstein GAN (Arjovsky et al., 2017) with a gradient penalty
(Gulrajani et al., 2017) on a ring of eight Gaussians.

The critic (Edward still calls it the discriminator) estimates the
Wasserstein distance between data and generator; the penalty keeps its
gradient norm near 1 instead of clipping weights. As in Edward's
examples/gan_wasserstein_synthetic.py, each iteration makes five critic
updates and one generator update, and data is drawn fresh every step.
The ring is the usual mode-collapse test: a plain GAN often covers only
some of the eight modes.

Writes to `--outdir`:
  samples.png  data and generated points over the critic's values, and
               the critic's estimate of the distance during training

    python examples/wgan.py --n_iter 2000 --outdir out/
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

N_CRITIC = 5  # Critic updates per generator update, as in WGAN papers.


def parse_args(argv=None):
  parser = _common.example_parser(
      __doc__, n_iter=2000,
      n_iter_help="Number of iterations, each 5 critic updates and 1 "
                  "generator update.",
      n_print_help="Print progress every n_print iterations (default: about "
                   "n_iter / 100, dividing n_iter).")
  parser.add_argument("--batch_size", type=int, default=256)
  parser.add_argument("--hidden_units", type=int, default=128)
  parser.add_argument("--penalty", type=float, default=0.1,
                      help="Weight of the gradient penalty (Edward's default "
                           "is 10; the WGAN-GP paper's toys use 0.1).")
  parser.add_argument("--learning_rate", type=float, default=1e-4)
  return parser.parse_args(argv)


def main(argv=None):
  args = parse_args(argv)
  os.makedirs(args.outdir, exist_ok=True)
  ed.set_seed(args.seed)

  def generative_network(eps):
    return _common.mlp(eps, args.hidden_units, 2, tf.nn.relu,
                       n_hidden_layers=3)

  def discriminative_network(x):
    """The critic: a real-valued score, higher for data."""
    return _common.mlp(x, args.hidden_units, 1, tf.nn.relu,
                       n_hidden_layers=3)

  # DATA. A fresh batch from the ring is fed at every update.
  x_ph = tf.placeholder(tf.float32, [args.batch_size, 2])

  # MODEL
  with tf.variable_scope("Gen"):
    eps = Normal(loc=tf.zeros([args.batch_size, 2]),
                 scale=tf.ones([args.batch_size, 2]))
    x = generative_network(eps)

  # INFERENCE. Adam with the WGAN-GP paper's betas.
  optimizer = tf.train.AdamOptimizer(args.learning_rate, beta1=0.5,
                                     beta2=0.9)
  optimizer_d = tf.train.AdamOptimizer(args.learning_rate, beta1=0.5,
                                       beta2=0.9)
  inference = ed.WGANInference(
      data={x: x_ph}, discriminator=discriminative_network)
  inference.initialize(
      optimizer=optimizer, optimizer_d=optimizer_d, penalty=args.penalty,
      n_iter=args.n_iter, n_print=args.n_print or _common.print_every(args.n_iter))

  sess = ed.get_session()
  tf.global_variables_initializer().run()

  distance_estimates = []
  for _ in range(inference.n_iter):
    for _ in range(N_CRITIC):
      x_data = datasets.ring_2d(args.batch_size)
      info_dict_d = inference.update(feed_dict={x_ph: x_data},
                                     variables="Disc")
    x_data = datasets.ring_2d(args.batch_size)
    info_dict = inference.update(feed_dict={x_ph: x_data}, variables="Gen")
    # update() counts every call; call a set of 6 updates one iteration.
    info_dict["t"] = info_dict["t"] // (N_CRITIC + 1)
    # A "Gen" update reports no critic loss; show the last critic step's.
    info_dict["loss_d"] = info_dict_d["loss_d"]
    inference.print_progress(info_dict)
    distance_estimates.append(-info_dict_d["loss_d"])

  # CRITICISM. Many generated points, the critic on a grid, mode coverage.
  generated = np.concatenate([sess.run(x) for _ in range(8)])
  grid_ph = tf.placeholder(tf.float32, [None, 2])
  with tf.variable_scope("Disc", reuse=True):
    critic_on_grid = discriminative_network(grid_ph)
  ticks = np.linspace(-3.0, 3.0, 121)
  grid = np.stack(np.meshgrid(ticks, ticks), axis=-1).reshape(-1, 2)
  critic_values = sess.run(critic_on_grid, {grid_ph: grid})

  centers = datasets.ring_2d_centers()
  covered, good = mode_coverage(generated, centers, std=0.02)
  print("Modes covered: {}/{}; generated points within 3 std of a mode: "
        "{:.0%}".format(covered, len(centers), good))

  filename = os.path.join(args.outdir, "samples.png")
  plot_results(datasets.ring_2d(len(generated)), generated, ticks,
               critic_values.reshape(len(ticks), len(ticks)),
               distance_estimates, filename)
  print("Wrote {}".format(filename))


def mode_coverage(points, centers, std):
  """(modes with >= 1% of the points within 3 std, share of such points)."""
  distances = np.linalg.norm(points[:, None, :] - centers[None], axis=2)
  near = distances.min(axis=1) <= 3.0 * std
  nearest = distances.argmin(axis=1)
  counts = np.bincount(nearest[near], minlength=len(centers))
  return int(np.sum(counts >= 0.01 * len(points))), float(np.mean(near))


def plot_results(data, generated, ticks, critic_values, distance_estimates,
                 filename):
  fig, (ax_points, ax_curve) = plt.subplots(1, 2, figsize=(11, 5))
  contour = ax_points.contourf(ticks, ticks, critic_values, levels=20,
                               cmap="viridis", alpha=0.6)
  fig.colorbar(contour, ax=ax_points, label="critic value")
  ax_points.scatter(generated[:, 0], generated[:, 1], s=4, c="tab:orange",
                    alpha=0.5, label="generated")
  # Data on top: each mode is a tight blob that marks its centre.
  ax_points.scatter(data[:, 0], data[:, 1], s=2, c="black", label="data")
  ax_points.set_xlim(ticks[0], ticks[-1])
  ax_points.set_ylim(ticks[0], ticks[-1])
  ax_points.set_aspect("equal")
  ax_points.legend(loc="upper right", markerscale=3, fontsize="small")
  ax_points.set_title("WGAN-GP on a ring of 8 Gaussians")
  ax_curve.plot(np.arange(1, len(distance_estimates) + 1), distance_estimates,
                lw=0.8)
  ax_curve.set_xlabel("iteration")
  ax_curve.set_ylabel("-(critic loss) = distance estimate - penalty")
  ax_curve.set_title("Critic's estimate during training")
  _common.save_figure(fig, filename)


if __name__ == "__main__":
  main()
