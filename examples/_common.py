"""What the example scripts share: flags, networks, training loop, figures.

Every script in this directory imports this module first. It selects
matplotlib's Agg backend, so the scripts write files and need no
display, and it imports edward_lite before anything imports TensorFlow,
which is what keeps TensorFlow's start-up quiet (see
docs/import-side-effects.md): the examples set no log level and no
warnings filter of their own.

A script finds this module next to itself: run as
`python examples/<name>.py`, Python puts `examples/` on `sys.path`; run
through `runpy.run_path` or an importlib loader, the script puts it
there itself.
"""

import argparse

import matplotlib
matplotlib.use("Agg")  # Files only: no display needed.
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# edward_lite first, as in Edward's scripts: it puts TensorFlow in graph mode.
import edward_lite as ed  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402

from edward_lite import datasets  # noqa: E402

__all__ = [
    "add_data_dir",
    "example_parser",
    "load_mnist",
    "make_leaky_relu",
    "mlp",
    "parse_with_data",
    "print_every",
    "save_figure",
    "show_images",
    "train",
]

UPDATES_HELP = "Number of joint generator/discriminator updates."
N_PRINT_HELP = ("Print progress every n_print updates (default: about "
                "n_iter / 100, dividing n_iter).")


def example_parser(doc, n_iter, n_iter_help=UPDATES_HELP,
                   n_print_help=N_PRINT_HELP):
  """Returns a parser with the flags every example takes.

  Args:
    doc: str. The script's module docstring; its first paragraph is the
      parser's description.
    n_iter: int, or None for a default the script sets after parsing.
    n_iter_help: str. Help text of `--n_iter`.
    n_print_help: str. Help text of `--n_print`.

  Returns:
    argparse.ArgumentParser with `--n_iter`, `--n_print`, `--seed`
    (default 42) and `--outdir` (default `out/`), in that order; the
    script adds its own flags after them.
  """
  parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
  parser.add_argument("--n_iter", type=int, default=n_iter, help=n_iter_help)
  parser.add_argument("--n_print", type=int, default=None, help=n_print_help)
  parser.add_argument("--seed", type=int, default=42)
  parser.add_argument("--outdir", default="out/")
  return parser


def add_data_dir(parser):
  """Adds `--mnist` (or `--data_dir`), MNIST's IDX files' directory.

  Both spellings set `args.data_dir`; `--data_dir` is the older one.

  Args:
    parser: argparse.ArgumentParser.
  """
  parser.add_argument("--mnist", "--data_dir", dest="data_dir", default=None,
                      metavar="DIR",
                      help="Directory with MNIST's four IDX files; default "
                           "is scikit-learn's 8x8 digits.")


def parse_with_data(parser, argv, digits_defaults, mnist_defaults,
                    load_data):
  """Parses the flags, fills the data's defaults and reads the data.

  The data is read before anything is built, so that a missing or
  malformed MNIST file stops the script at once with the file's name
  (argparse's error, exit status 2).

  Args:
    parser: argparse.ArgumentParser with `add_data_dir`'s flag.
    argv: list of str or None (sys.argv[1:]).
    digits_defaults: dict, flag -> default on the 8x8 digits, for the
      flags left at None.
    mnist_defaults: dict, flag -> default on MNIST (`--mnist` given).
    load_data: function of (data_dir, seed) returning the data.

  Returns:
    argparse.Namespace, with the data as `args.data`.
  """
  args = parser.parse_args(argv)
  defaults = digits_defaults if args.data_dir is None else mnist_defaults
  for name, value in defaults.items():
    if getattr(args, name) is None:
      setattr(args, name, value)
  try:
    args.data = load_data(args.data_dir, args.seed)
  except (OSError, ValueError) as error:
    parser.error(str(error))
  return args


def load_mnist(data_dir):
  """Loads MNIST from its IDX files, with pixels scaled to [0, 1].

  Args:
    data_dir: str. Directory holding the four IDX files.

  Returns:
    ((x_train, y_train), (x_test, y_test), side): float32 images as rows
    of side * side pixels, their labels, and the images' side length.
  """
  (x_train, y_train), (x_test, y_test) = datasets.mnist(data_dir)
  side = int(round(np.sqrt(x_train.shape[1])))
  return ((x_train.astype(np.float32) / 255.0, y_train),
          (x_test.astype(np.float32) / 255.0, y_test), side)


def print_every(n_iter):
  """About n_iter / 100, but dividing n_iter so the last update prints.

  Edward's progress bar prints at t == 1 and at multiples of n_print
  only; with a divisor the final `n_iter/n_iter` line always appears.

  Args:
    n_iter: int. Number of updates.

  Returns:
    int. The largest divisor of n_iter that is at most n_iter // 100
    (and at least 1).
  """
  target = max(1, n_iter // 100)
  return max(step for step in range(1, target + 1) if n_iter % step == 0)


def make_leaky_relu(leak):
  """Returns the activation x -> max(x, leak * x).

  Args:
    leak: float. Slope for negative inputs, between 0 and 1.

  Returns:
    A function of a tensor.
  """
  def leaky_relu(x):
    return tf.maximum(x, leak * x)
  return leaky_relu


def mlp(inputs, hidden_units, n_outputs, activation, n_hidden_layers=2,
        output_activation=None, dropout=0.0):
  """A fully connected network of `tf.layers.dense` layers.

  Args:
    inputs: tf.Tensor of shape [batch, n_inputs].
    hidden_units: int. Width of each hidden layer.
    n_outputs: int. Width of the output layer.
    activation: Activation of the hidden layers.
    n_hidden_layers: int. Number of hidden layers.
    output_activation: Activation of the output layer; None is linear.
    dropout: float. Rate of dropout on the input of every layer (always,
      not only in training: for a discriminator); 0.0 is none.

  Returns:
    tf.Tensor of shape [batch, n_outputs].
  """
  net = inputs
  for _ in range(n_hidden_layers):
    if dropout:
      net = tf.nn.dropout(net, rate=dropout)
    net = tf.layers.dense(net, hidden_units, activation=activation)
  if dropout:
    net = tf.nn.dropout(net, rate=dropout)
  return tf.layers.dense(net, n_outputs, activation=output_activation)


def train(inference, next_feed_dict):
  """Initializes all variables, then runs and prints every update.

  Args:
    inference: An initialized edward_lite inference.
    next_feed_dict: Function of no arguments returning the feed_dict of
      the next update; it is called once per update, in order.

  Returns:
    tf.Session. The session the inference ran in, `ed.get_session()`.
  """
  sess = ed.get_session()
  tf.global_variables_initializer().run()
  for _ in range(inference.n_iter):
    info_dict = inference.update(feed_dict=next_feed_dict())
    inference.print_progress(info_dict)
  return sess


def show_images(axes, images, side):
  """Draws images as grey tiles on a grid of axes, with no frames.

  Args:
    axes: np.ndarray of matplotlib axes; the images fill them row by row
      and axes left over stay blank.
    images: np.ndarray of shape [n, side * side], values in [0, 1].
    side: int. Side length of each image in pixels.
  """
  for ax in axes.ravel():
    ax.axis("off")
  for ax, image in zip(axes.ravel(), images):
    ax.imshow(image.reshape(side, side), cmap="Greys_r", vmin=0.0, vmax=1.0)


def save_figure(fig, filename):
  """Lays out `fig`, saves it at 100 dpi to `filename` and closes it.

  Args:
    fig: matplotlib.figure.Figure.
    filename: str. Path of the image file to write.
  """
  fig.tight_layout()
  fig.savefig(filename, dpi=100)
  plt.close(fig)
