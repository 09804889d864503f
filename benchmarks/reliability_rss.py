"""Memory over a long run: resident set size across 20,000 BiGAN updates.

Trains the README's BiGAN (scikit-learn's 8x8 digits, 64-128-10 encoder
and 10-128-64 generator under "Gen", a 74-128-1 discriminator) the way a
script does: fresh NumPy batches every step, `print_progress` after each
update (to /dev/null), TensorBoard summaries every `n_print` steps. The
graph is finalized once initialized, so any op built during the run
would raise. The resident set size is read from /proc every 1,000
updates.

    python -m benchmarks.reliability_rss                 # 20,000 updates
    python -m benchmarks.reliability_rss --updates 3000 --no-docs \\
        --json /tmp/rss.json

It prints a table, writes JSON when asked, and (unless --no-docs)
rewrites the measured section of docs/reliability.md.
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import sys
import tempfile

import numpy as np

import edward_lite as ed
import tensorflow.compat.v1 as tf
from edward_lite.datasets import digits

from benchmarks._memory import resident_mib

__all__ = ["main", "measure"]

DOCS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))), "docs", "reliability.md")
BEGIN, END = "<!-- rss:begin -->", "<!-- rss:end -->"
BATCH, LATENT, HIDDEN = 100, 10, 128


def _build():
  x_ph = tf.placeholder(tf.float32, [BATCH, 64])
  z_ph = tf.placeholder(tf.float32, [BATCH, LATENT])
  with tf.variable_scope("Gen"):
    x_fake = tf.layers.dense(tf.layers.dense(z_ph, HIDDEN, tf.nn.relu), 64,
                             tf.sigmoid)
    z_fake = tf.layers.dense(tf.layers.dense(x_ph, HIDDEN, tf.nn.relu),
                             LATENT)

  def discriminator(x, z):
    hidden = tf.layers.dense(tf.concat([x, z], 1), HIDDEN, tf.nn.leaky_relu)
    return tf.layers.dense(hidden, 1)

  inference = ed.BiGANInference({z_ph: z_fake}, {x_fake: x_ph},
                                discriminator)
  return inference, x_ph, z_ph


def measure(updates=20000, every=1000, n_print=200, logdir=None):
  """Trains for `updates` steps; returns what memory and graph did.

  Args:
    updates: int. Number of `update` calls.
    every: int. Updates between two readings of the resident set size.
    n_print: int. Steps between progress prints and summaries.
    logdir: str. Where the summaries go; a temporary directory if None.

  Returns:
    dict: "steps" and "rss_mib" (the readings, the first at step 0 after
    initialization), "ops_before" and "ops_after" (the graph's op
    count), "events_bytes" (the event file's size) and "losses_finite".
  """
  ed.set_seed(0)
  x_train, _ = digits()
  rng = np.random.RandomState(0)
  inference, x_ph, z_ph = _build()
  with contextlib.ExitStack() as stack:
    if logdir is None:
      logdir = stack.enter_context(tempfile.TemporaryDirectory())
    inference.initialize(n_iter=updates, n_print=n_print, logdir=logdir)
    tf.global_variables_initializer().run()
    graph = tf.get_default_graph()
    graph.finalize()
    ops_before = len(graph.get_operations())
    devnull = stack.enter_context(open(os.devnull, "w"))
    steps, rss = [0], [resident_mib()]
    finite = True
    for step in range(1, updates + 1):
      index = rng.randint(0, len(x_train), BATCH)
      feed = {x_ph: x_train[index],
              z_ph: rng.randn(BATCH, LATENT).astype(np.float32)}
      info = inference.update(feed)
      finite = finite and bool(np.isfinite(info["loss"]))
      with contextlib.redirect_stdout(devnull):
        inference.print_progress(info)
      if step % every == 0:
        steps.append(step)
        rss.append(resident_mib())
    inference.finalize()
    events = sum(os.path.getsize(os.path.join(root, name))
                 for root, _, names in os.walk(logdir) for name in names)
  return {"steps": steps, "rss_mib": rss, "ops_before": ops_before,
          "ops_after": len(graph.get_operations()), "events_bytes": events,
          "losses_finite": finite}


def table(result):
  """The measurements as a Markdown table, with the run's summary line."""
  warm = result["steps"].index(min(s for s in result["steps"] if s >= 2000)) \
      if max(result["steps"]) >= 2000 else 0
  growth = result["rss_mib"][-1] - result["rss_mib"][warm]
  lines = [
      "| updates | RSS (MiB) |", "|---:|---:|"]
  for step, mib in zip(result["steps"], result["rss_mib"]):
    if step in (0, 1000, 2000) or step % 5000 == 0 or step == max(
        result["steps"]):
      lines.append("| {:,} | {:.1f} |".format(step, mib))
  lines.append("")
  lines.append(
      "From update {:,} to {:,} the resident set size changed by {:+.1f} MiB "
      "({:+.0f} bytes per update); the graph had {:,} ops before the run and "
      "{:,} after it.".format(
          result["steps"][warm], result["steps"][-1], growth,
          growth * 2.0 ** 20 / max(1, result["steps"][-1] -
                                   result["steps"][warm]),
          result["ops_before"], result["ops_after"]))
  return "\n".join(lines)


def write_docs(result, path=DOCS):
  """Replaces the text between the rss markers of docs/reliability.md."""
  with open(path) as page:
    text = page.read()
  start, stop = text.index(BEGIN) + len(BEGIN), text.index(END)
  machine = "{} CPUs, Python {}, TensorFlow {}, {}".format(
      os.cpu_count(), platform.python_version(), tf.__version__,
      datetime.date.today().isoformat())
  body = "\n\nMeasured with `python -m benchmarks.reliability_rss` ({}):\n\n" \
      "{}\n\n".format(machine, table(result))
  with open(path, "w") as page:
    page.write(text[:start] + body + text[stop:])


def parse_args(argv):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--updates", type=int, default=20000)
  parser.add_argument("--every", type=int, default=1000)
  parser.add_argument("--json", help="also write the numbers here")
  parser.add_argument("--no-docs", action="store_true",
                      help="do not rewrite docs/reliability.md")
  return parser.parse_args(argv)


def main(argv=None):
  args = parse_args(sys.argv[1:] if argv is None else argv)
  result = measure(args.updates, args.every)
  print(table(result))
  if args.json:
    with open(args.json, "w") as out:
      json.dump(result, out, indent=1)
  if not args.no_docs:
    write_docs(result)


if __name__ == "__main__":
  main()
