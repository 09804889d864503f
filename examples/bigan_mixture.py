"""BiGAN / ALI (Donahue et al., 2017; Dumoulin et al., 2017) on a 5x5 grid
of Gaussians.

The data x is 2-D with 25 modes; the latent code z is 2-D standard
normal. The generator G maps z to x, the encoder E maps x to z, and the
discriminator D(x, z) sees pairs. A two-dimensional latent space can be
drawn, so this shows what a BiGAN learns: where G puts its mass, how E
spreads the 25 modes over the prior, and whether G(E(x)) lands back in
the mode x came from (ALI matches joint distributions, not points, so
reconstructions are only as good as that match; see the ALICE paper,
Li et al., 2017).

The modes have standard deviation 0.2 here (a tenth of their spacing,
the ratio of the ALICE paper's toy) rather than `datasets.grid_2d`'s
0.05: with such tight modes a short BiGAN run covers only a few of
them; try `--grid_std 0.05` to see it. Expect samples strung along the
grid lines between modes: a continuous G cannot split a connected
Gaussian into 25 islands, so some mass always lies on the bridges.

Writes to `--outdir`:
  samples.png    data, samples G(z), and reconstructions G(E(x))
  encodings.png  codes E(x), coloured by the mode x was drawn from

    python examples/bigan_mixture.py --n_iter 20000 --outdir out/
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


def parse_args(argv=None):
  parser = _common.example_parser(__doc__, n_iter=20000)
  parser.add_argument("--batch_size", type=int, default=128)
  parser.add_argument("--hidden_units", type=int, default=256)
  parser.add_argument("--learning_rate", type=float, default=5e-4)
  parser.add_argument("--grid_std", type=float, default=0.2,
                      help="Standard deviation of each of the 25 modes.")
  return parser.parse_args(argv)


def main(argv=None):
  args = parse_args(argv)
  os.makedirs(args.outdir, exist_ok=True)
  ed.set_seed(args.seed)

  def mlp(inputs, n_outputs):
    return _common.mlp(inputs, args.hidden_units, n_outputs,
                       tf.nn.leaky_relu)

  def discriminative_network(x, z):
    """D(x, z): logit that the pair came from (G(z), z)."""
    return mlp(tf.concat([x, z], 1), 1)

  # DATA. Fresh data and prior draws are fed at every update.
  x_ph = tf.placeholder(tf.float32, [None, 2])
  z_ph = tf.placeholder(tf.float32, [None, 2])

  # MODEL. Generator and encoder both live under "Gen".
  with tf.variable_scope("Gen"):
    with tf.variable_scope("generator"):
      xf = mlp(z_ph, 2)
    with tf.variable_scope("encoder"):
      zf = mlp(x_ph, 2)

  # INFERENCE
  optimizer = tf.train.AdamOptimizer(args.learning_rate, beta1=0.5)
  optimizer_d = tf.train.AdamOptimizer(args.learning_rate, beta1=0.5)
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminative_network)
  inference.initialize(
      optimizer=optimizer, optimizer_d=optimizer_d, n_iter=args.n_iter,
      n_print=args.n_print or _common.print_every(args.n_iter))

  _common.train(inference, lambda: {
      x_ph: datasets.grid_2d(args.batch_size, std=args.grid_std),
      z_ph: np.random.normal(size=[args.batch_size, 2])})

  # CRITICISM
  centers = datasets.grid_2d_centers()
  data = datasets.grid_2d(2500, std=args.grid_std)
  modes = nearest_mode(data, centers)
  networks = inference.networks  # G(z) and E(x) on arrays
  generated = networks.generate(np.random.normal(size=[2500, 2]))
  codes = networks.encode(data)
  reconstructed = networks.generate(codes)

  # A sample is good within 3 std of a centre; a mode is covered when it
  # gets at least a fifth of its fair share (1/25) of the samples.
  near = np.linalg.norm(generated - centers[nearest_mode(generated, centers)],
                        axis=1) <= 3 * args.grid_std
  counts = np.bincount(nearest_mode(generated[near], centers),
                       minlength=len(centers))
  covered = np.sum(counts >= 0.2 * len(generated) / len(centers))
  same_mode = np.mean(nearest_mode(reconstructed, centers) == modes)
  print("Modes covered by G(z): {}/25; samples within 3 std of a mode: "
        "{:.0%}; G(E(x)) in the mode of x: {:.0%}".format(
            covered, np.mean(near), same_mode))

  samples_file = os.path.join(args.outdir, "samples.png")
  plot_samples(data, generated, reconstructed, modes, centers, samples_file)
  encodings_file = os.path.join(args.outdir, "encodings.png")
  plot_encodings(codes, modes, encodings_file)
  print("Wrote {} and {}".format(samples_file, encodings_file))


def nearest_mode(points, centers):
  """Index of the centre nearest to each point."""
  return np.argmin(
      np.linalg.norm(points[:, None, :] - centers[None], axis=2), axis=1)


def mode_colours(modes):
  """A colour per mode that varies along both grid axes."""
  row, column = modes // 5, modes % 5
  return np.stack([row / 4.0, np.full(len(modes), 0.3), column / 4.0],
                  axis=1)


def plot_samples(data, generated, reconstructed, modes, centers, filename):
  fig, axes = plt.subplots(1, 3, figsize=(15, 5), sharex=True, sharey=True)
  axes[0].scatter(data[:, 0], data[:, 1], s=3, c=mode_colours(modes))
  axes[0].set_title("data x (colour: mode)")
  axes[1].scatter(generated[:, 0], generated[:, 1], s=3, c="tab:orange",
                  alpha=0.5)
  axes[1].set_title("samples G(z), z ~ N(0, I)")
  axes[2].scatter(reconstructed[:, 0], reconstructed[:, 1], s=3,
                  c=mode_colours(modes))
  axes[2].set_title("reconstructions G(E(x)) (colour: mode of x)")
  for ax in axes:
    ax.scatter(centers[:, 0], centers[:, 1], marker="+", s=40, c="black",
               linewidths=0.8)
    ax.set_xlim(-6, 6)
    ax.set_ylim(-6, 6)
    ax.set_aspect("equal")
  _common.save_figure(fig, filename)


def plot_encodings(codes, modes, filename):
  fig, ax = plt.subplots(figsize=(6, 6))
  circle = plt.Circle((0, 0), 2.0, fill=False, ls="--", color="grey",
                      label="2 std of the prior")
  ax.add_patch(circle)
  ax.scatter(codes[:, 0], codes[:, 1], s=3, c=mode_colours(modes))
  ax.set_xlim(-4, 4)
  ax.set_ylim(-4, 4)
  ax.set_aspect("equal")
  ax.legend(loc="upper right")
  ax.set_title("encodings E(x), coloured by the mode of x")
  _common.save_figure(fig, filename)


if __name__ == "__main__":
  main()
