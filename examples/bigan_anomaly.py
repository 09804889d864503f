"""Anomaly detection with a BiGAN: one digit is the anomaly.

A BiGAN is trained on the 8x8 digits of nine classes only; the held-out
digits of all ten are then scored, and the tenth class (`--anomaly`,
default 3) should score high. `--mnist DIR` does the same on MNIST's
IDX files in DIR: trained on the training digits of nine classes, it
scores all 10,000 test digits (default anomaly 9, the MNIST benchmark's
networks: two hidden layers of 512 units, 50-D codes). This is the recipe docs/quality.md
recommends, each part an edward_lite option of
`BiGANInference.initialize`, off by default:

- `reconstruction_weight=1.0, reconstruction_reduction="sum"`: ALICE's
  term, the squared error of G(E(x)) summed over an image's pixels, so
  the code E(x) keeps what identifies an image;
- `alad=True`: ALAD's discriminators on (x, x) vs (x, G(E(x))) and on
  (z, z) vs (z, E(G(z))), which also ask the two networks to invert
  each other;
- `ema_decay=0.999`: a moving average of the encoder's and generator's
  weights, which the scores use.

The score is `kind="code-density"`: -log of a Gaussian kernel density of
the normal training digits' codes, at the code E(x) of a new digit.

Writes to `--outdir`:
  scores.png   histograms of the scores of normal and anomalous digits

    python examples/bigan_anomaly.py --anomaly 3 --outdir out/
    python examples/bigan_anomaly.py --mnist ../shared/data/mnist --outdir out/
"""

import os
import sys

# Found next to this file also when run by runpy or an importlib loader.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402  (first: it quiets TensorFlow's start-up)
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import edward_lite as ed  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402

from edward_lite import criticisms, datasets  # noqa: E402


# Defaults by data: MNIST's are the MNIST anomaly benchmark's
# (benchmarks/quality/mnist_anomaly.py).
DIGITS_DEFAULTS = {"n_iter": 6000, "anomaly": 3, "latent_dim": 16,
                   "hidden_units": 128, "hidden_layers": 1,
                   "reconstruction_weight": 1.0}
MNIST_DEFAULTS = {"n_iter": 6000, "anomaly": 9, "latent_dim": 50,
                  "hidden_units": 512, "hidden_layers": 2,
                  "reconstruction_weight": 16.0}


def parse_args(argv=None):
  parser = _common.example_parser(__doc__, n_iter=None)
  _common.add_data_dir(parser)
  parser.add_argument("--anomaly", type=int, default=None,
                      help="The digit left out of training (0-9).")
  parser.add_argument("--latent_dim", type=int, default=None)
  parser.add_argument("--hidden_units", type=int, default=None)
  parser.add_argument("--hidden_layers", type=int, default=None)
  parser.add_argument("--reconstruction_weight", type=float, default=None,
                      help="ALICE's lambda (default 1 on the digits, 16 on "
                           "MNIST).")
  parser.add_argument("--batch_size", type=int, default=100)
  return _common.parse_with_data(parser, argv, DIGITS_DEFAULTS,
                                 MNIST_DEFAULTS, load_data)


def load_data(data_dir, seed):
  """((x_train, y_train), (x_test, y_test)), pixels in [0, 1]."""
  if data_dir is None:
    return datasets.digits(test_fraction=0.3, seed=seed)
  train, test, _ = _common.load_mnist(data_dir)
  return train, test


def main(argv=None):
  args = parse_args(argv)
  os.makedirs(args.outdir, exist_ok=True)
  ed.set_seed(args.seed)
  (x_train, y_train), (x_test, y_test) = args.data
  normal = x_train[y_train != args.anomaly]
  is_anomaly = y_test == args.anomaly
  n_pixels = x_train.shape[1]

  x_ph = tf.placeholder(tf.float32, [None, n_pixels])
  z_ph = tf.placeholder(tf.float32, [None, args.latent_dim])
  leaky_relu = tf.nn.leaky_relu
  layers = args.hidden_layers
  with tf.variable_scope("Gen"):
    with tf.variable_scope("generator"):
      xf = _common.mlp(z_ph, args.hidden_units, n_pixels, leaky_relu,
                       n_hidden_layers=layers, output_activation=tf.sigmoid)
    with tf.variable_scope("encoder"):
      zf = _common.mlp(x_ph, args.hidden_units, args.latent_dim, leaky_relu,
                       n_hidden_layers=layers)

  def discriminator(x, z):
    return _common.mlp(tf.concat([x, z], 1), args.hidden_units, 1,
                       leaky_relu, n_hidden_layers=layers)

  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)
  inference.initialize(
      optimizer=tf.train.AdamOptimizer(2e-4, beta1=0.5),
      optimizer_d=tf.train.AdamOptimizer(2e-4, beta1=0.5),
      n_iter=args.n_iter,
      n_print=args.n_print or _common.print_every(args.n_iter),
      reconstruction_weight=args.reconstruction_weight,
      reconstruction_reduction="sum",
      alad=True, ema_decay=0.999)
  batches = datasets.generator(normal, args.batch_size, seed=args.seed)
  _common.train(inference, lambda: {
      x_ph: next(batches),
      z_ph: np.random.normal(size=[args.batch_size, args.latent_dim])})

  scores = criticisms.anomaly_score(inference, x_test, kind="code-density",
                                    normal_x=normal)
  metrics = criticisms.anomaly_detection_metrics(scores, is_anomaly)

  fig, ax = plt.subplots(figsize=(5, 3))
  bins = np.linspace(scores.min(), scores.max(), 40)
  ax.hist(scores[~is_anomaly], bins, alpha=0.6, density=True,
          label="other digits (normal)")
  ax.hist(scores[is_anomaly], bins, alpha=0.6, density=True,
          label="digit {} (anomaly)".format(args.anomaly))
  ax.set_xlabel("anomaly score: -log density of E(x) among normal codes")
  ax.legend(fontsize=8)
  _common.save_figure(fig, os.path.join(args.outdir, "scores.png"))
  print("Wrote {}".format(os.path.join(args.outdir, "scores.png")))
  print("Digit {} as the anomaly among {} held-out digits: AUROC {:.3f}, "
        "AUPRC {:.3f} (a guess scores 0.5 and {:.2f}).".format(
            args.anomaly, len(x_test), metrics["auroc"], metrics["auprc"],
            is_anomaly.mean()))


if __name__ == "__main__":
  main()
