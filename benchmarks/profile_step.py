"""Where one BiGAN step's time goes: per-op time by op type, traced.

    python -m benchmarks.profile_step            # plain and lean graphs
    python -m benchmarks.profile_step --tiny --steps 2

Runs the benchmark's model (benchmarks/_models.py) with one thread per
session (`intra_op=1, inter_op=1`), so that op times add up to the step
instead of overlapping, traces `--steps` steps with
`RunOptions.FULL_TRACE`, and prints each op type's share of the summed
op time, for Edward's graph and for `initialize(lean_gradients=True)`.
"""

import argparse
import collections
import json
import re
import sys

import edward_lite as ed  # noqa: F401  (graph mode before TensorFlow)
import tensorflow.compat.v1 as tf

from benchmarks._models import SIZES, BiGAN

__all__ = ["GROUPS", "main", "profile"]

# Op types gathered into the rows of the table, in its order.
GROUPS = [
    ("matrix products", ("MatMul", "_MklMatMul", "_MklNativeFusedMatMul",
                         "_FusedMatMul")),
    ("Adam's updates", ("ResourceApplyAdam",)),
    ("leaky ReLU and its gradient", ("Maximum", "GreaterEqual", "Select",
                                     "SelectV2", "LeakyRelu", "LeakyReluGrad",
                                     "Sign")),
    ("concatenation and its gradient", ("ConcatV2", "Slice", "StridedSlice")),
    ("sums of gradients", ("AddN",)),
]

_LABEL = re.compile(r"= (\w+)\(")


def profile(sizes, steps, warmup=20, variants=None):
  """Per-op-type time of `steps` traced joint updates of each variant.

  The variants' steps alternate, so that a slow spell of the machine
  falls on all of them alike.

  Args:
    sizes: dict, one of SIZES.
    steps: int. Traced steps per variant, after `warmup` untraced ones.
    warmup: int.
    variants: dict of name to dict of `initialize` options.

  Returns:
    dict of name to dict: "ops" (ops run per step), "op_us" (summed op
    time per step, in microseconds) and "by_type" ({op type:
    microseconds per step}).
  """
  models = collections.OrderedDict(
      (name, BiGAN(sizes, intra_op_parallelism_threads=1,
                   inter_op_parallelism_threads=1, **options))
      for name, options in variants.items())
  totals = {name: collections.Counter() for name in models}
  counts = dict.fromkeys(models, 0)
  for step in range(warmup + steps):
    for name, model in models.items():
      with model.graph.as_default():
        run_options, metadata = None, None
        if step >= warmup:
          run_options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
          metadata = tf.RunMetadata()
        model.session.run(model.fetch_list(), model.next_feed(),
                          options=run_options, run_metadata=metadata)
      if metadata is None:
        continue
      for device in metadata.step_stats.dev_stats:
        for node in device.node_stats:
          match = _LABEL.search(node.timeline_label)
          if match is not None:
            totals[name][match.group(1)] += node.all_end_rel_micros / steps
            counts[name] += 1
  for model in models.values():
    model.close()
  return collections.OrderedDict(
      (name, {"ops": counts[name] / steps,
              "op_us": sum(totals[name].values()),
              "by_type": dict(totals[name])}) for name in models)


def _grouped(result):
  rows = []
  left = dict(result["by_type"])
  for name, types in GROUPS:
    rows.append((name, sum(left.pop(t, 0.0) for t in types)))
  rows.append(("everything else", sum(left.values())))
  return rows


def _table(results):
  names = list(results)
  lines = ["| ops | " + " | ".join(
      "{} (us per step, share)".format(name) for name in names) + " |",
           "|---" * (len(names) + 1) + "|"]
  grouped = {name: _grouped(results[name]) for name in names}
  for index, (label, _) in enumerate(grouped[names[0]]):
    cells = []
    for name in names:
      micros = grouped[name][index][1]
      cells.append("{:.0f} ({:.0%})".format(micros,
                                            micros / results[name]["op_us"]))
    lines.append("| {} | {} |".format(label, " | ".join(cells)))
  lines.append("| **all ops** | " + " | ".join(
      "{:.0f} ({:.0f} ops)".format(results[n]["op_us"], results[n]["ops"])
      for n in names) + " |")
  return "\n".join(lines)


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--tiny", action="store_true",
                      help="the benchmark's tiny sizes (for tests)")
  parser.add_argument("--steps", type=int, default=30)
  parser.add_argument("--warmup", type=int, default=20)
  parser.add_argument("--json", default="benchmarks/results/profile.json",
                      help="where to write the numbers")
  args = parser.parse_args(argv)
  sizes = SIZES["tiny" if args.tiny else "full"]
  results = profile(sizes, args.steps, args.warmup, collections.OrderedDict(
      [("Edward's graph", {"lean_gradients": False}),
       ("lean_gradients=True", {"lean_gradients": True})]))
  print(_table(results))
  if args.json:
    with open(args.json, "w") as handle:
      json.dump(results, handle, indent=1, sort_keys=True)
  return 0


if __name__ == "__main__":
  sys.exit(main())
