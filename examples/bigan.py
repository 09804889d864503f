"""Adversarially Learned Inference (Dumoulin et al., 2017), also known as
Bidirectional GAN (Donahue et al., 2017), on handwritten digits.

A generator G maps latent codes z ~ N(0, I) to images, an encoder E maps
images to codes, and one discriminator D(x, z) tells the pairs
(x, E(x)) from the pairs (G(z), z). When they match, E inverts G, so
G(E(x)) reconstructs x without any reconstruction loss.

By default it trains on scikit-learn's bundled 8x8 digits (no download);
`--mnist DIR` trains on MNIST from the four IDX files in DIR instead
(`--data_dir DIR` is the same flag), with the MNIST benchmark's
settings: a 50-D code, hidden layers of 512 units, 6000 steps at a
constant learning rate. `--recommended` adds edward_lite's recommended option to
Edward's objective: ALICE's reconstruction term summed over a row's
pixels (lambda 1 on the digits, 16 on MNIST), ALAD's D_xx and D_zz, and
averaged weights (docs/quality.md). For the codes on MNIST, the
benchmark's codes recipe adds `--reconstruction_weight 64 --dropout 0.2`
(dropout on the input of each of the discriminator's layers).

Writes to `--outdir`:
  samples.png          generated digits G(z)
  reconstructions.png  held-out digits x (top) and G(E(x)) (bottom)
  codes.npz            E(x) of every training and test digit (with the
                       averaged weights under --recommended):
                       train_codes, train_labels, test_codes, test_labels

This follows Edward's examples/bigan.py, with the latent dictionary
written as BiGANInference documents it, `{z_ph: zf}` (prior draw: encoder
output); Edward's script had the pair reversed.

    python examples/bigan.py --n_iter 20000 --outdir out/
    python examples/bigan.py --mnist ../shared/data/mnist --recommended \
        --outdir out_mnist/
"""

import argparse
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


# Defaults that differ between the 8x8 digits and MNIST (--mnist): MNIST's
# are those of the MNIST benchmark (benchmarks/quality/mnist.py).
DIGITS_DEFAULTS = {"n_iter": 20000, "latent_dim": 6, "hidden_units": 256,
                   "reconstruction_weight": 1.0, "constant_rate": False}
MNIST_DEFAULTS = {"n_iter": 6000, "latent_dim": 50, "hidden_units": 512,
                  "reconstruction_weight": 16.0, "constant_rate": True}


def parse_args(argv=None):
  parser = _common.example_parser(__doc__, n_iter=None)
  _common.add_data_dir(parser)
  parser.add_argument("--recommended", action="store_true",
                      help="Add ALICE's summed reconstruction term, ALAD's "
                           "extra discriminators and weight averaging.")
  parser.add_argument("--reconstruction_weight", type=float, default=None,
                      help="ALICE's lambda under --recommended (default 1 "
                           "on the digits, 16 on MNIST).")
  parser.add_argument("--batch_size", type=int, default=100)
  parser.add_argument("--latent_dim", type=int, default=None)
  parser.add_argument("--hidden_units", type=int, default=None)
  parser.add_argument("--learning_rate", type=float, default=2e-4,
                      help="Initial learning rate of both Adam optimizers.")
  parser.add_argument("--constant_rate", action="store_const", const=True,
                      default=None,
                      help="Keep the learning rate fixed instead of decaying "
                           "it linearly to 0 over n_iter (the default on "
                           "MNIST, as in its benchmark).")
  parser.add_argument("--dropout", type=_rate, default=0.0,
                      help="Rate of dropout on the input of each of the "
                           "discriminator's layers (0: none; the MNIST "
                           "codes recipe uses 0.2).")
  parser.add_argument("--leak", type=float, default=0.2,
                      help="Slope of the leaky ReLU for negative inputs.")
  return _common.parse_with_data(parser, argv, DIGITS_DEFAULTS,
                                 MNIST_DEFAULTS, load_data)


def _rate(text):
  """A dropout rate: a float in [0, 1)."""
  try:
    value = float(text)
  except ValueError:
    raise argparse.ArgumentTypeError(
        "expected a float in [0, 1); got {!r}".format(text))
  if not 0.0 <= value < 1.0:
    raise argparse.ArgumentTypeError(
        "expected a float in [0, 1); got {!r}".format(text))
  return value


def load_data(data_dir, seed):
  """Returns (x_train, x_test, y_train, y_test, image side) in [0, 1]."""
  if data_dir is None:
    (x_train, y_train), (x_test, y_test) = datasets.digits(
        test_fraction=0.1, seed=seed)
    return x_train, x_test, y_train, y_test, 8
  (x_train, y_train), (x_test, y_test), side = _common.load_mnist(data_dir)
  return x_train, x_test, y_train, y_test, side


def main(argv=None):
  args = parse_args(argv)
  os.makedirs(args.outdir, exist_ok=True)
  ed.set_seed(args.seed)

  leaky_relu = _common.make_leaky_relu(args.leak)

  def gen_latent(x):
    """Encoder E: image -> latent code (deterministic)."""
    return _common.mlp(x, args.hidden_units, args.latent_dim, leaky_relu)

  def gen_data(z, n_pixels):
    """Generator G: latent code -> pixel intensities in (0, 1)."""
    return _common.mlp(z, args.hidden_units, n_pixels, leaky_relu,
                       output_activation=tf.sigmoid)

  def discriminative_network(x, z):
    """D(x, z): logit that the pair came from (G(z), z)."""
    return _common.mlp(tf.concat([x, z], 1), args.hidden_units, 1,
                       leaky_relu, dropout=args.dropout)

  # DATA. Minibatches of images and of prior draws are fed at each step.
  x_train, x_test, y_train, y_test, side = args.data
  n_pixels = x_train.shape[1]
  x_batches = datasets.generator(x_train, args.batch_size, seed=args.seed)
  x_ph = tf.placeholder(tf.float32, [None, n_pixels])
  z_ph = tf.placeholder(tf.float32, [None, args.latent_dim])

  # MODEL. Both networks live under "Gen"; BiGANInference trains them.
  with tf.variable_scope("Gen"):
    with tf.variable_scope("decoder"):
      xf = gen_data(z_ph, n_pixels)
    with tf.variable_scope("encoder"):
      zf = gen_latent(x_ph)

  # INFERENCE. Adam with beta1 = 0.5, as is usual for GANs. At a fixed
  # rate the two players keep circling each other; decaying the rate
  # linearly to zero lets the final networks settle (--constant_rate
  # turns this off).
  global_step = tf.Variable(0, trainable=False, name="global_step")
  learning_rate = args.learning_rate
  if not args.constant_rate:
    learning_rate = tf.train.polynomial_decay(
        args.learning_rate, global_step, args.n_iter, end_learning_rate=0.0)
  optimizer = tf.train.AdamOptimizer(learning_rate, beta1=0.5)
  optimizer_d = tf.train.AdamOptimizer(learning_rate, beta1=0.5)
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminative_network)
  options = {}
  if args.recommended:
    options = dict(reconstruction_weight=args.reconstruction_weight,
                   reconstruction_reduction="sum",
                   alad=True, ema_decay=0.999)
  inference.initialize(
      optimizer=optimizer, optimizer_d=optimizer_d, global_step=global_step,
      n_iter=args.n_iter, n_print=args.n_print or _common.print_every(args.n_iter),
      **options)

  _common.train(inference, lambda: {
      x_ph: next(x_batches),
      z_ph: np.random.normal(0.0, 1.0, [args.batch_size, args.latent_dim])})

  # CRITICISM. Samples, reconstructions of held-out digits, how often a
  # reconstruction keeps its digit's class, and the codes of every digit.
  # inference.networks runs the trained G(z), E(x) and G(E(x)) on arrays,
  # with the averaged weights when the option keeps them.
  networks = inference.networks
  train_codes = networks.encode(x_train)
  test_codes = networks.encode(x_test)
  codes_file = os.path.join(args.outdir, "codes.npz")
  np.savez(codes_file, train_codes=train_codes, train_labels=y_train,
           test_codes=test_codes, test_labels=y_test)
  print("Wrote {}. 1-nearest-neighbour accuracy of the {} held-out codes "
        "E(x) among the {} training codes: {:.2%}.".format(
            codes_file, len(x_test), len(x_train),
            ed.criticisms.nearest_neighbor_accuracy(
                train_codes, y_train, test_codes, y_test)))
  samples = networks.generate(np.random.normal(size=[64, args.latent_dim]))
  plot_grid(samples, side, 8, os.path.join(args.outdir, "samples.png"),
            "BiGAN samples G(z)")

  x_shown = np.stack([x_test[np.flatnonzero(y_test == k)[0]]
                      for k in np.unique(y_test)])
  shown = networks.reconstruct(x_shown)
  plot_grid(np.concatenate([x_shown, shown]), side, len(x_shown),
            os.path.join(args.outdir, "reconstructions.png"),
            "held-out x (top) and G(E(x)) (bottom)")

  x_eval, y_eval = x_test[:500], y_test[:500]
  reconstructions = networks.reconstruct(x_eval)
  agreement = ed.criticisms.nearest_neighbor_accuracy(
      x_train, y_train, reconstructions, y_eval)
  # The same measure on the held-out digits themselves: what a perfect
  # reconstruction would score.
  ceiling = ed.criticisms.nearest_neighbor_accuracy(x_train, y_train,
                                                    x_eval, y_eval)
  print("Wrote {} and {}".format(os.path.join(args.outdir, "samples.png"),
                                 os.path.join(args.outdir,
                                              "reconstructions.png")))
  print("Of {} held-out digits x, {:.0%} are reconstructed as the same "
        "digit: the training image nearest to G(E(x)) has x's label (the "
        "digits themselves score {:.0%}; chance is 10%).".format(
            len(x_eval), agreement, ceiling))


def plot_grid(images, side, n_columns, filename, title):
  """Saves `images` (rows of side*side pixels) as a grid of tiles."""
  n_rows = int(np.ceil(len(images) / n_columns))
  fig, axes = plt.subplots(n_rows, n_columns,
                           figsize=(n_columns, n_rows + 0.5),
                           squeeze=False)
  _common.show_images(axes, images, side)
  fig.suptitle(title)
  fig.savefig(filename, dpi=100, bbox_inches="tight")
  plt.close(fig)


if __name__ == "__main__":
  main()
