"""Adversarially Learned Inference (Dumoulin et al., 2017), also known as
Bidirectional GAN (Donahue et al., 2017), on handwritten digits.

A generator G maps latent codes z ~ N(0, I) to images, an encoder E maps
images to codes, and one discriminator D(x, z) tells the pairs
(x, E(x)) from the pairs (G(z), z). When they match, E inverts G, so
G(E(x)) reconstructs x without any reconstruction loss.

By default it trains on scikit-learn's bundled 8x8 digits (no download);
`--data_dir` trains on MNIST from the four IDX files in that directory
instead (more iterations help there, e.g. `--n_iter 100000`).

Writes to `--outdir`:
  samples.png          generated digits G(z)
  reconstructions.png  held-out digits x (top) and G(E(x)) (bottom)

This follows Edward's examples/bigan.py, with the latent dictionary
written as BiGANInference documents it, `{z_ph: zf}` (prior draw: encoder
output); Edward's script had the pair reversed.

    python examples/bigan.py --n_iter 20000 --outdir out/
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


def parse_args(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--n_iter", type=int, default=20000,
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
  parser.add_argument("--latent_dim", type=int, default=6)
  parser.add_argument("--hidden_units", type=int, default=256)
  parser.add_argument("--learning_rate", type=float, default=2e-4,
                      help="Initial learning rate of both Adam optimizers.")
  parser.add_argument("--constant_rate", action="store_true",
                      help="Keep the learning rate fixed instead of decaying "
                           "it linearly to 0 over n_iter.")
  parser.add_argument("--leak", type=float, default=0.2,
                      help="Slope of the leaky ReLU for negative inputs.")
  return parser.parse_args(argv)


def load_data(data_dir, seed):
  """Returns (x_train, x_test, y_train, y_test, image side) in [0, 1]."""
  if data_dir is None:
    (x_train, y_train), (x_test, y_test) = datasets.digits(
        test_fraction=0.1, seed=seed)
    return x_train, x_test, y_train, y_test, 8
  (x_train, y_train), (x_test, y_test) = datasets.mnist(data_dir)
  side = int(round(np.sqrt(x_train.shape[1])))
  return (x_train.astype(np.float32) / 255.0, x_test.astype(np.float32) / 255.0,
          y_train, y_test, side)


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

  def leaky_relu(x):
    return tf.maximum(x, args.leak * x)

  def gen_latent(x):
    """Encoder E: image -> latent code (deterministic)."""
    net = tf.layers.dense(x, args.hidden_units, activation=leaky_relu)
    net = tf.layers.dense(net, args.hidden_units, activation=leaky_relu)
    return tf.layers.dense(net, args.latent_dim, activation=None)

  def gen_data(z, n_pixels):
    """Generator G: latent code -> pixel intensities in (0, 1)."""
    net = tf.layers.dense(z, args.hidden_units, activation=leaky_relu)
    net = tf.layers.dense(net, args.hidden_units, activation=leaky_relu)
    return tf.layers.dense(net, n_pixels, activation=tf.sigmoid)

  def discriminative_network(x, z):
    """D(x, z): logit that the pair came from (G(z), z)."""
    net = tf.concat([x, z], 1)
    net = tf.layers.dense(net, args.hidden_units, activation=leaky_relu)
    net = tf.layers.dense(net, args.hidden_units, activation=leaky_relu)
    return tf.layers.dense(net, 1, activation=None)

  # DATA. Minibatches of images and of prior draws are fed at each step.
  x_train, x_test, y_train, y_test, side = load_data(args.data_dir, args.seed)
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
  inference.initialize(
      optimizer=optimizer, optimizer_d=optimizer_d, global_step=global_step,
      n_iter=args.n_iter, n_print=args.n_print or print_every(args.n_iter))

  sess = ed.get_session()
  tf.global_variables_initializer().run()

  for _ in range(inference.n_iter):
    x_batch = next(x_batches)
    z_batch = np.random.normal(0.0, 1.0, [args.batch_size, args.latent_dim])
    info_dict = inference.update(feed_dict={x_ph: x_batch, z_ph: z_batch})
    inference.print_progress(info_dict)

  # CRITICISM. Samples, reconstructions of held-out digits, and how often
  # a reconstruction keeps its digit's class.
  samples = sess.run(xf, {z_ph: np.random.normal(size=[64, args.latent_dim])})
  plot_grid(samples, side, 8, os.path.join(args.outdir, "samples.png"),
            "BiGAN samples G(z)")

  x_shown = np.stack([x_test[np.flatnonzero(y_test == k)[0]]
                      for k in np.unique(y_test)])
  shown = sess.run(xf, {z_ph: sess.run(zf, {x_ph: x_shown})})
  plot_grid(np.concatenate([x_shown, shown]), side, len(x_shown),
            os.path.join(args.outdir, "reconstructions.png"),
            "held-out x (top) and G(E(x)) (bottom)")

  x_eval, y_eval = x_test[:500], y_test[:500]
  reconstructions = sess.run(xf, {z_ph: sess.run(zf, {x_ph: x_eval})})
  agreement = np.mean(
      nearest_labels(reconstructions, x_train, y_train) == y_eval)
  print("Reconstructions of {} held-out digits whose nearest training image "
        "has the same label: {:.0%}".format(len(x_eval), agreement))
  print("Wrote {} and {}".format(os.path.join(args.outdir, "samples.png"),
                                 os.path.join(args.outdir,
                                              "reconstructions.png")))


def nearest_labels(queries, references, labels, chunk=100):
  """Label of each query's nearest reference image (squared distance)."""
  reference_norms = np.sum(references**2, axis=1)
  found = []
  for start in range(0, len(queries), chunk):
    block = queries[start:start + chunk]
    # |q - r|^2 up to |q|^2, which does not change the argmin over r.
    distances = reference_norms[None, :] - 2.0 * block @ references.T
    found.append(labels[np.argmin(distances, axis=1)])
  return np.concatenate(found)


def plot_grid(images, side, n_columns, filename, title):
  """Saves `images` (rows of side*side pixels) as a grid of tiles."""
  n_rows = int(np.ceil(len(images) / n_columns))
  fig, axes = plt.subplots(n_rows, n_columns,
                           figsize=(n_columns, n_rows + 0.5),
                           squeeze=False)
  for ax in axes.ravel():
    ax.axis("off")
  for ax, image in zip(axes.ravel(), images):
    ax.imshow(image.reshape(side, side), cmap="Greys_r", vmin=0.0, vmax=1.0)
  fig.suptitle(title)
  fig.savefig(filename, dpi=100, bbox_inches="tight")
  plt.close(fig)


if __name__ == "__main__":
  main()
