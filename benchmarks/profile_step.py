"""Where one BiGAN step's time goes: per-op time by op type, traced.

    python -m benchmarks.profile_step            # plain and lean graphs
    python -m benchmarks.profile_step --model conv --mnist ../shared/data/mnist
    python -m benchmarks.profile_step --tiny --steps 2

Runs one of the benchmark's models (benchmarks/_models.py: Edward's MLP
BiGAN, or with `--model conv` the convolutional one, whose numbers go
to benchmarks/results/profile-conv.json) with one thread per
session (`intra_op=1, inter_op=1`), so that op times add up to the step
instead of overlapping, traces `--steps` steps with
`RunOptions.FULL_TRACE`, and prints each op type's share of the summed
op time, for Edward's graph and for `initialize(lean_gradients=True)`.

It also says how well two cores could share the step: from each op's
median traced time and the graph the session ran (its partition graph,
control edges included), the step's work (all op time), its critical
path (the longest chain of ops that wait for each other) and the length
of a list schedule on two cores that starts ready ops first come, first
served, as TensorFlow's executor does. A schedule close to half the work
means the step has parallelism enough for two cores; a critical path
close to it would mean the order of the ops, not their sum, sets the
step's time.

The JSON also keeps, under "run", the command, its date and the load
average before and after, which the docs block states above the table.
"""

import argparse
import collections
import datetime
import heapq
import json
import os
import re
import sys

import edward_lite as ed  # noqa: F401  (graph mode before TensorFlow)
import tensorflow.compat.v1 as tf

from benchmarks._models import SIZES, BiGAN, conv_sizes

__all__ = ["GROUPS", "RUN", "docs_table", "main", "profile", "schedule"]

# The key of the run's command, date and load; every other key is a graph.
RUN = "run"

# Op types gathered into the rows of the table, in its order. The rows
# of the convolutional model's ops show only where they took time.
GROUPS = [
    ("matrix products", ("MatMul", "_MklMatMul", "_MklNativeFusedMatMul",
                         "_FusedMatMul")),
    ("convolutions", ("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter",
                      "_FusedConv2D", "_MklConv2D", "_MklNativeConv2D",
                      "_MklFusedConv2D", "_MklNativeFusedConv2D",
                      "_MklConv2DBackpropInput",
                      "_MklNativeConv2DBackpropInput",
                      "_MklConv2DBackpropFilter",
                      "_MklNativeConv2DBackpropFilter",
                      "_MklConv2DBackpropFilterWithBias",
                      "_MklNativeConv2DBackpropFilterWithBias")),
    ("Adam's updates", ("ResourceApplyAdam",)),
    ("batch norm (fused kernels)", (
        "FusedBatchNormV3", "FusedBatchNormGradV3", "_FusedBatchNormEx",
        "_MklFusedBatchNormV3", "_MklNativeFusedBatchNormV3",
        "_MklFusedBatchNormGradV3", "_MklNativeFusedBatchNormGradV3",
        "_MklFusedBatchNormEx", "_MklNativeFusedBatchNormEx")),
    ("leaky ReLU and its gradient", ("Maximum", "GreaterEqual", "Select",
                                     "SelectV2", "LeakyRelu", "LeakyReluGrad",
                                     "Sign")),
    ("concatenation and its gradient", ("ConcatV2", "Slice", "StridedSlice")),
    ("sums of gradients", ("AddN",)),
]
_SHOWN_IF_USED = ("convolutions", "batch norm (fused kernels)")

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
  node_times = {name: collections.defaultdict(list) for name in models}
  graphs = {}
  for step in range(warmup + steps):
    for name, model in models.items():
      with model.graph.as_default():
        run_options, metadata = None, None
        if step >= warmup:
          run_options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE,
                                      output_partition_graphs=True)
          metadata = tf.RunMetadata()
        model.session.run(model.fetch_list(), model.next_feed(),
                          options=run_options, run_metadata=metadata)
      if metadata is None:
        continue
      graphs.setdefault(name, list(metadata.partition_graphs))
      for device in metadata.step_stats.dev_stats:
        for node in device.node_stats:
          node_times[name][node.node_name].append(node.all_end_rel_micros)
          match = _LABEL.search(node.timeline_label)
          if match is not None:
            totals[name][match.group(1)] += node.all_end_rel_micros / steps
            counts[name] += 1
  for model in models.values():
    model.close()
  return collections.OrderedDict(
      (name, {"ops": counts[name] / steps,
              "op_us": sum(totals[name].values()),
              "by_type": dict(totals[name]),
              "schedule": schedule(graphs[name], {
                  node: sorted(times)[len(times) // 2]
                  for node, times in node_times[name].items()})})
      for name in models)


def schedule(partition_graphs, micros, cores=2):
  """Work, critical path and a first-come list schedule of one step.

  Args:
    partition_graphs: list of GraphDef, the graphs the session ran.
    micros: dict of node name to its time in microseconds (nodes not in
      it take none).
    cores: int.

  Returns:
    dict: "work_us", "critical_path_us", "list_schedule_us" (on `cores`
    cores) and "cores".
  """
  inputs = {}
  for graph in partition_graphs:
    for node in graph.node:
      inputs[node.name] = {name.lstrip("^").split(":")[0]
                           for name in node.input}
  consumers = collections.defaultdict(list)
  for node, parents in inputs.items():
    for parent in parents:
      if parent in inputs:
        consumers[parent].append(node)
  waiting = {node: sum(parent in inputs for parent in parents)
             for node, parents in inputs.items()}
  cost = {node: micros.get(node, 0.0) for node in inputs}
  # Ready ops in the order they became ready; `finish` of each op.
  ready = collections.deque(node for node, count in waiting.items()
                            if count == 0)
  running, now, finish, longest = [], 0.0, {}, {}
  while ready or running:
    while ready and len(running) < cores:
      node = ready.popleft()
      heapq.heappush(running, (now + cost[node], node))
    now, node = heapq.heappop(running)
    finish[node] = now
    longest[node] = cost[node] + max(
        [longest[parent] for parent in inputs[node] if parent in inputs] +
        [0.0])
    for child in consumers[node]:
      waiting[child] -= 1
      if waiting[child] == 0:
        ready.append(child)
  return {"work_us": sum(cost.values()),
          "critical_path_us": max(longest.values()),
          "list_schedule_us": max(finish.values()), "cores": cores}


def _grouped(result):
  rows = []
  left = dict(result["by_type"])
  for name, types in GROUPS:
    rows.append((name, sum(left.pop(t, 0.0) for t in types)))
  rows.append(("everything else", sum(left.values())))
  return rows


def _shown(grouped):
  """Indices of the rows the table shows: all but unused conv-model rows."""
  names = list(grouped)
  return [index for index, (label, _) in enumerate(grouped[names[0]])
          if label not in _SHOWN_IF_USED or
          any(grouped[name][index][1] > 0 for name in names)]


def docs_table(results):
  """The per-op table of docs/benchmarks.md, under the run's conditions.

  Files stored before the run's conditions were kept have no "run" entry,
  and their table no line about them.
  """
  table = _table({name: value for name, value in results.items()
                  if name != RUN})
  if RUN not in results:
    return table
  run = results[RUN]
  return ("Measured {} by `{}`, load average {:.1f} before and {:.1f} "
          "after.\n\n{}".format(run["date"], run["command"],
                                 run["load_average_before"][0],
                                 run["load_average_after"][0], table))


def _table(results):
  names = list(results)
  lines = ["| ops | " + " | ".join(
      "{} (us per step, share)".format(name) for name in names) + " |",
           "|---" * (len(names) + 1) + "|"]
  grouped = {name: _grouped(results[name]) for name in names}
  for index in _shown(grouped):
    label = grouped[names[0]][index][0]
    cells = []
    for name in names:
      micros = grouped[name][index][1]
      cells.append("{:.0f} ({:.0%})".format(micros,
                                            micros / results[name]["op_us"]))
    lines.append("| {} | {} |".format(label, " | ".join(cells)))
  lines.append("| **all ops** | " + " | ".join(
      "{:.0f} ({:.0f} ops)".format(results[n]["op_us"], results[n]["ops"])
      for n in names) + " |")
  # Runs stored before the schedule was computed have none.
  planned = [name for name in names if "schedule" in results[name]]
  if planned:
    lines.append("")
  for name in planned:
    plan = results[name]["schedule"]
    lines.append("{}: work {:.0f} us, critical path {:.0f} us, list "
                 "schedule on {} cores {:.0f} us ({:.2f}x half the "
                 "work)".format(name, plan["work_us"],
                                plan["critical_path_us"], plan["cores"],
                                plan["list_schedule_us"],
                                plan["list_schedule_us"] /
                                (plan["work_us"] / plan["cores"])))
  return "\n".join(lines)


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--tiny", action="store_true",
                      help="the benchmark's tiny sizes (for tests)")
  parser.add_argument("--model", choices=("mlp", "conv"), default="mlp")
  parser.add_argument("--batch", type=int, default=64,
                      help="the convolutional model's batch size")
  parser.add_argument("--mnist", default=None,
                      help="folder of MNIST's IDX files, for the "
                      "convolutional model's digits")
  parser.add_argument("--steps", type=int, default=30)
  parser.add_argument("--warmup", type=int, default=20)
  parser.add_argument("--json", default=None,
                      help="where to write the numbers (default "
                      "benchmarks/results/profile.json, or profile-conv.json "
                      "for the convolutional model)")
  args = parser.parse_args(argv)
  if args.model == "conv":
    sizes = conv_sizes(args.tiny, args.batch, args.mnist)
  else:
    sizes = SIZES["tiny" if args.tiny else "full"]
  if args.json is None:
    args.json = "benchmarks/results/{}.json".format(
        "profile-conv" if args.model == "conv" else "profile")
  load_before = list(os.getloadavg())
  results = profile(sizes, args.steps, args.warmup, collections.OrderedDict(
      [("Edward's graph", {"lean_gradients": False}),
       ("lean_gradients=True", {"lean_gradients": True})]))
  print(_table(results))
  results[RUN] = {
      "command": " ".join(["python -m benchmarks.profile_step"] + list(
          sys.argv[1:] if argv is None else argv)),
      "date": datetime.datetime.now(datetime.timezone.utc).strftime(
          "%Y-%m-%d %H:%M UTC"),
      "load_average_before": load_before,
      "load_average_after": list(os.getloadavg())}
  if args.json:
    with open(args.json, "w") as handle:
      json.dump(results, handle, indent=1, sort_keys=True)
  return 0


if __name__ == "__main__":
  sys.exit(main())
