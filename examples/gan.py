"""Generative adversarial network (Goodfellow et al., 2014) on handwritten
digits.

A generator network turns uniform noise into 8x8 digit images; a
discriminator learns to tell them from scikit-learn's bundled digits and
the generator learns to fool it. This is Edward's GAN tutorial
(notebooks/gan.ipynb) on data that ships offline; `--data_dir` trains on
MNIST from its four IDX files instead.

Writes to `--outdir`:
  samples.png  generated digits, beside real ones for comparison

    python examples/gan.py --n_iter 10000 --outdir out/
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
from edward_lite.models import Uniform  # noqa: E402


def parse_args(argv=None):
  parser = _common.example_parser(__doc__, n_iter=10000)
  _common.add_data_dir(parser)
  parser.add_argument("--batch_size", type=int, default=100)
  parser.add_argument("--latent_dim", type=int, default=10)
  parser.add_argument("--hidden_units", type=int, default=256)
  parser.add_argument("--learning_rate", type=float, default=2e-4)
  return parser.parse_args(argv)


def load_data(data_dir):
  """Returns (training images in [0, 1], image side)."""
  if data_dir is None:
    x_train, _ = datasets.digits()
    return x_train, 8
  (x_train, _), _, side = _common.load_mnist(data_dir)
  return x_train, side


def main(argv=None):
  args = parse_args(argv)
  os.makedirs(args.outdir, exist_ok=True)
  ed.set_seed(args.seed)

  def generative_network(eps, n_pixels):
    return _common.mlp(eps, args.hidden_units, n_pixels, tf.nn.leaky_relu,
                       output_activation=tf.sigmoid)

  def discriminative_network(x):
    """Outputs the logit that x is real."""
    return _common.mlp(x, args.hidden_units, 1, tf.nn.leaky_relu)

  # DATA. Minibatches of real images are fed at each step.
  x_train, side = load_data(args.data_dir)
  n_pixels = x_train.shape[1]
  x_batches = datasets.generator(x_train, args.batch_size, seed=args.seed)
  x_ph = tf.placeholder(tf.float32, [args.batch_size, n_pixels])

  # MODEL. Noise is a random variable; each run of `x` draws a new batch.
  with tf.variable_scope("Gen"):
    eps = Uniform(low=tf.zeros([args.batch_size, args.latent_dim]) - 1.0,
                  high=tf.ones([args.batch_size, args.latent_dim]))
    x = generative_network(eps, n_pixels)

  # INFERENCE
  optimizer = tf.train.AdamOptimizer(args.learning_rate, beta1=0.5)
  optimizer_d = tf.train.AdamOptimizer(args.learning_rate, beta1=0.5)
  inference = ed.GANInference(
      data={x: x_ph}, discriminator=discriminative_network)
  inference.initialize(
      optimizer=optimizer, optimizer_d=optimizer_d, n_iter=args.n_iter,
      n_print=args.n_print or _common.print_every(args.n_iter))

  sess = _common.train(inference, lambda: {x_ph: next(x_batches)})

  # CRITICISM
  samples = sess.run(x)
  real = x_train[np.random.choice(len(x_train), 32, replace=False)]
  filename = os.path.join(args.outdir, "samples.png")
  plot_panels([real, samples[:32]], side, 8,
              ["real digits", "GAN samples"], filename)
  print("Wrote {}".format(filename))


def plot_panels(panels, side, n_columns, titles, filename):
  """Saves each panel of images (rows of side*side pixels) as a grid."""
  n_rows = int(np.ceil(len(panels[0]) / n_columns))
  fig = plt.figure(figsize=(0.7 * n_columns * len(panels) + 0.5,
                            0.7 * n_rows + 0.6))
  for subfig, images, title in zip(fig.subfigures(1, len(panels)), panels,
                                   titles):
    axes = subfig.subplots(n_rows, n_columns, squeeze=False,
                           gridspec_kw={"wspace": 0.05, "hspace": 0.05})
    subfig.suptitle(title)
    _common.show_images(axes, images, side)
  fig.savefig(filename, dpi=100, bbox_inches="tight")
  plt.close(fig)


if __name__ == "__main__":
  main()
