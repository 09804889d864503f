"""Tuning runs of the MNIST benchmark's BiGANs, kept instead of thrown away.

    python -m benchmarks.quality.mnist_tune NAME --seed 0 --steps 6000 \\
        --every 1500 --base CODES --set final_learning_rate=0.0

trains one BiGAN (a config of `mnist.py`, `--base`, with `--set` fields
changed) on one seed and, every `--every` steps, measures what the
benchmark measures at its end: the 1-NN accuracy of the test codes, and
the inception-style score and Frechet distance of 10,000 samples, with
the score split into its two entropies (score = exp(H(y) - H(y|x)), so a
low score says whether the classes are unbalanced, H(y) under log 10,
or the digits unclear, H(y|x) above 0). It writes
`benchmarks/quality/tuning/NAME-seedS.json` with the command, the date,
the load average before and after, the config and that curve.

Tuning seeds are kept apart from the benchmark's by convention (the
command refuses no seed; the benchmark's are 60-62, the tuning runs so
far used 0-2), so that a choice made here is then measured on seeds
that no tuning run used. The MNIST files are read from
`--mnist` (default: `$EDWARD_LITE_MNIST`, else `../shared/data/mnist`).
"""

import argparse
import ast
import datetime
import glob
import json
import shlex
import os
import sys
import time

import numpy as np

from benchmarks.quality import common, mnist
from benchmarks.quality.models import Bigan
from edward_lite import criticisms, datasets

__all__ = ["BLOCK", "TUNING_DIR", "load_records", "main", "render", "table",
           "tune"]

TUNING_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "tuning")
BASES = ("NETWORKS", "RECOMMENDED", "CODES", "SAMPLES")
# The block of docs/quality.md that lists every kept tuning run.
BLOCK = "mnist_tuning"


def tune(config, seed, every, log=print):
  """Trains a BiGAN of `config` on MNIST; returns its curve, a list of
  dicts, one per `every` steps (and one at `config.n_iter`)."""
  train, test = mnist.load_data()
  the_judge = mnist._judge(train)  # pylint: disable=protected-access
  model = Bigan(train[0].shape[1], config, seed)
  batches = datasets.generator(train[0], config.batch_size, seed=seed)
  curve, done, start = [], 0, time.time()
  while done < config.n_iter:
    steps = min(every, config.n_iter - done)
    model.train_steps(batches, steps)
    done += steps
    nn1 = 100.0 * criticisms.nearest_neighbor_accuracy(
        model.encode(train[0]), train[1], model.encode(test[0]), test[1])
    samples = model.sample(mnist.N_SAMPLES, seed=30000 + seed)
    point = {"steps": done, "nn1_percent": nn1}
    point.update(mnist._sample_metrics(  # pylint: disable=protected-access
        samples, test[0], the_judge))
    point["minutes"] = (time.time() - start) / 60.0
    curve.append(point)
    log("{} steps: 1-NN {:.2f}%, score {:.2f} (H(y) {:.3f}, H(y|x) {:.3f}), "
        "Frechet {:.1f}, {:.1f} min".format(
            done, nn1, point["score"], point["class_entropy"],
            point["conditional_entropy"], point["frechet"],
            point["minutes"]))
  model.close()
  return curve


def load_records(directory=TUNING_DIR):
  """Every kept run in `directory`, by name and then seed, each with the
  `name` and `base` of the command that wrote it."""
  records = []
  for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
    with open(path, encoding="utf-8") as handle:
      record = json.load(handle)
    args = _parser().parse_args(shlex.split(record["command"])[3:])
    record.update(name=args.name, base=args.base)
    records.append(record)
  return sorted(records, key=lambda r: (r["name"], r["seed"]))


def _changes(record):
  """The run's config as the fields where it differs from NETWORKS (the
  networks every row shares, with Edward's objective), which, unlike the
  recipes, is not retuned: a row keeps its meaning when a recipe moves."""
  base = mnist.NETWORKS._asdict()
  return ", ".join("{}={}".format(field, value)
                   for field, value in sorted(record["config"].items())
                   if field != "n_iter" and base.get(field) != value)


def table(records):
  """A markdown table of the runs: their config, the last point and the
  best 1-NN point of each curve, and when and how they ran."""
  header = ["run", "seed", "config (where it differs from mnist.NETWORKS)",
            "steps",
            "1-NN % (best, at steps)", "score (H(y), H(y\\|x))", "Frechet",
            "minutes", "date (load before, after)"]
  rows = []
  for record in records:
    last = record["curve"][-1]
    best = max(record["curve"], key=lambda point: point["nn1_percent"])
    rows.append([
        record["name"], record["seed"], _changes(record), last["steps"],
        "{:.2f} ({:.2f}, {})".format(last["nn1_percent"],
                                     best["nn1_percent"], best["steps"]),
        "{:.2f} ({:.3f}, {:.3f})".format(last["score"],
                                         last["class_entropy"],
                                         last["conditional_entropy"]),
        "{:.1f}".format(last["frechet"]), "{:.1f}".format(last["minutes"]),
        "{} ({:.1f}, {:.1f})".format(record["date"], record["load_before"],
                                     record["load_after"])])
  return common.markdown_table(header, rows)


def _parse_setting(text):
  if "=" not in text:
    raise ValueError("--set takes FIELD=VALUE; got {!r}.".format(text))
  field, value = text.split("=", 1)
  if field not in mnist.NETWORKS._fields:
    raise ValueError("--set: {!r} is not a field of Config; the fields are "
                     "{}.".format(field, ", ".join(mnist.NETWORKS._fields)))
  try:
    value = ast.literal_eval(value)
  except (ValueError, SyntaxError):
    pass  # A bare word, such as leaky_relu, stays a string.
  return field, value


def _config(args):
  settings = dict(_parse_setting(text) for text in args.set)
  settings["n_iter"] = args.steps
  return getattr(mnist, args.base)._replace(**settings)


def _parser():
  parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
  parser.add_argument("name", nargs="?",
                      help="the run's name, for its file (not with --table)")
  parser.add_argument("--seed", type=int, default=0)
  parser.add_argument("--steps", type=int, default=6000)
  parser.add_argument("--every", type=int, default=1500)
  parser.add_argument("--base", choices=BASES, default="RECOMMENDED")
  parser.add_argument("--set", action="append", default=[],
                      metavar="FIELD=VALUE")
  parser.add_argument("--mnist", help="the folder of the four IDX files")
  parser.add_argument("--outdir", default=TUNING_DIR)
  parser.add_argument("--table", action="store_true",
                      help="Train nothing; write the kept runs' table into "
                           "docs/quality.md.")
  return parser


def render(doc_path, directory=TUNING_DIR):
  """Writes the table of the kept runs into `doc_path`'s block."""
  from benchmarks.quality import run  # pylint: disable=g-import-not-at-top
  run.update_doc(doc_path, BLOCK, table(load_records(directory)))


def main(argv=None):
  parser = _parser()
  args = parser.parse_args(argv)
  if args.table:
    from benchmarks.quality import run  # pylint: disable=g-import-not-at-top
    render(run.DOC, args.outdir)
    return 0
  if not args.name:
    parser.error("a run needs a NAME (only --table needs none).")
  if args.steps < 1 or args.every < 1:
    parser.error("--steps and --every must be positive.")
  try:
    config = _config(args)
  except ValueError as error:
    parser.error(str(error))
  if args.mnist:
    os.environ["EDWARD_LITE_MNIST"] = os.path.abspath(args.mnist)
  load_before = os.getloadavg()[0]
  curve = tune(config, args.seed, args.every,
               log=lambda line: print(line, flush=True))
  record = {
      "command": "python -m benchmarks.quality.mnist_tune " + shlex.join(
          argv if argv is not None else sys.argv[1:]),
      "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
      "load_before": load_before, "load_after": os.getloadavg()[0],
      "seed": args.seed, "config": dict(config._asdict()), "curve": curve}
  os.makedirs(args.outdir, exist_ok=True)
  path = os.path.join(args.outdir, "{}-seed{}.json".format(args.name,
                                                          args.seed))
  with open(path, "w", encoding="utf-8") as handle:
    json.dump(record, handle, indent=1, sort_keys=True)
    handle.write("\n")
  print("Wrote " + path)
  return 0


if __name__ == "__main__":
  sys.exit(main())
