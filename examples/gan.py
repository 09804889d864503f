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
from edward_lite.models import Uniform  # noqa: E402


def parse_args(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--n_iter", type=int, default=10000,
                      help="Number of joint generator/discriminator updates.")
  parser.add_argument("--n_print", type=int, default=None,
                      help="Print progress every n_print updates (default: "
                           "about n_iter / 100, dividing n_iter).")
  parser.add_argument("--seed", type=int, default=42)
  parser.add_argument("--outdir", default="out/")
  parser.add_argument("--data_dir", default=None,
                      help="Directory with the MNIST IDX files; default is "
                           "scikit-learn's 8x8 digits.")
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
  (x_train, _), _ = datasets.mnist(data_dir)
  side = int(round(np.sqrt(x_train.shape[1])))
  return x_train.astype(np.float32) / 255.0, side


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

  def generative_network(eps, n_pixels):
    net = tf.layers.dense(eps, args.hidden_units, activation=tf.nn.leaky_relu)
    net = tf.layers.dense(net, args.hidden_units, activation=tf.nn.leaky_relu)
    return tf.layers.dense(net, n_pixels, activation=tf.sigmoid)

  def discriminative_network(x):
    """Outputs the logit that x is real."""
    net = tf.layers.dense(x, args.hidden_units, activation=tf.nn.leaky_relu)
    net = tf.layers.dense(net, args.hidden_units, activation=tf.nn.leaky_relu)
    return tf.layers.dense(net, 1, activation=None)

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
      n_print=args.n_print or print_every(args.n_iter))

  sess = ed.get_session()
  tf.global_variables_initializer().run()

  for _ in range(inference.n_iter):
    x_batch = next(x_batches)
    info_dict = inference.update(feed_dict={x_ph: x_batch})
    inference.print_progress(info_dict)

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
    for ax in axes.ravel():
      ax.axis("off")
    for ax, image in zip(axes.ravel(), images):
      ax.imshow(image.reshape(side, side), cmap="Greys_r", vmin=0.0, vmax=1.0)
  fig.savefig(filename, dpi=100, bbox_inches="tight")
  plt.close(fig)


if __name__ == "__main__":
  main()
