"""What the speed benchmark's numbers say: ratios, targets, tables.

`summarize` turns the interleaved timings into the report's per-way
entries, the best path and the targets; the `format_*` functions write
them as the tables that `benchmarks.run` prints and docs/benchmarks.md
carries (benchmarks/_pages.py writes the pages' other blocks).
"""

from benchmarks._remote import REMOTE_LABELS

__all__ = ["CONV_TARGETS", "FAST_WAYS", "OWN_FLOOR", "TARGETS",
           "format_extras", "format_table", "summarize"]


# (way, baseline, largest allowed ratio, what the target says).
TARGETS = [
    ("update", "session_run", 0.80,
     "update(feed_dict) with default options (a legacy script) <= 0.80x "
     "Edward's Session.run + feed_dict"),
    ("best", "matmul_floor", 1.05,
     "best path <= 1.05x the matmuls alone (Edward's graph's)"),
    ("update", "torch_compile", 1.00,
     "update(feed_dict) with default options ahead of torch.compile"),
    ("best", "torch_compile", 1.00, "best path ahead of torch.compile"),
    ("update_edward", "session_run", 1.05,
     "update() <= 1.05x the bare Session.run of the same ops"),
    ("update_disc_gen", "session_run_disc_gen", 1.05,
     "update('Disc') + update('Gen') <= 1.05x their bare Session.runs"),
    ("update_logdir", "session_run", 1.10,
     "update() with logdir <= 1.10x the bare Session.run"),
    ("run", "session_run", 1.10, "run() <= 1.10x the bare Session.run"),
    ("dataset_arrays", "update", 1.00,
     "tf.data input at least as fast as the feed_dict loop"),
    ("dataset_generator", "feed_generator", 1.00,
     "tf.data from a Python generator faster than feeding its batches"),
    ("best", "session_run", 0.85,
     "best path <= 0.85x the plain feed_dict loop"),
]

# A target's baseline that stands for the floor of the graph the way
# itself runs (Edward's or the lean one), not another graph's.
OWN_FLOOR = "own_floor"

# The convolutional model's targets (issue 28).
CONV_TARGETS = [
    ("update", "session_run", 0.80,
     "update(feed_dict) with default options (a legacy script) <= 0.80x "
     "Edward's Session.run + feed_dict"),
    ("best", OWN_FLOOR, 1.10,
     "best path <= 1.10x the convolutions and matmuls alone of the graph it "
     "runs"),
    ("update", "torch_compile", 1.00,
     "update(feed_dict) with default options ahead of torch.compile"),
    ("best", "torch_compile", 1.00, "best path ahead of torch.compile"),
    ("dataset_arrays", "update", 1.00,
     "tf.data input at least as fast as the feed_dict loop"),
    # Two copies of one way differ by a few percent for a whole run: a
    # tie is within them.
    ("session_run", "session_run_tf_bn", 1.03,
     "edward_lite's batch norm as fast as TensorFlow's fused one in the same "
     "graph (within the 3% that copies of one way differ by)"),
    ("update_edward", "session_run", 1.05,
     "update() <= 1.05x the bare Session.run of the same ops"),
]

# Ways that may be the best path: every fast option and combination.
FAST_WAYS = ("update", "dataset_arrays", "threads_1x1", "threads_2x1",
             "threads_1x2", "grappler_no_remap", "xla", "xla_dataset",
             "xla_dataset_threads_1x1", "session_callable", "lean",
             "lean_dataset", "lean_threads_1x2", "lean_dataset_threads_1x2")

def _target(results, ways, best, spec):
  """One target's entry, or None when its ways were not both run."""
  way_name, base_name, limit, text = spec
  name = best if way_name == "best" else way_name
  if name is None or name not in ways:
    return None
  if base_name == OWN_FLOOR:
    base_name = getattr(results[name].way, "floor", None)
  if base_name not in ways:
    return None
  ratio = results[name].ratio_to(results[base_name])
  cpu_ratio = results[name].ratio_to(results[base_name], cpu=True)
  return {"target": text, "way": name, "baseline": base_name, "ratio": ratio,
          "cpu_ratio": cpu_ratio, "limit": limit, "met": ratio <= limit,
          "cpu_met": cpu_ratio <= limit}


def summarize(results, sizes=None):
  """Per-way entries, the best path and the targets, from the timings.

  Args:
    results: dict of name to WayResult, from `interleave`.
    sizes: dict, the model's sizes: a convolutional model's
      (`"model": "conv"`) is checked against CONV_TARGETS, the MLP's
      against TARGETS.

  Returns:
    dict: "ways" (name to entry), "best_way", "targets", and "model"
    ("conv") for the convolutional model.
  """
  conv = sizes is not None and sizes.get("model") == "conv"
  baseline = results["session_run"]
  floor = results.get("matmul_floor")
  ways = {}
  for name, result in results.items():
    way = result.way
    entry = {
        "label": way.label,
        "median_ms": result.median_ms(),
        "cpu_median_ms": result.cpu_median_ms(),
        "round_median_ms_p10_p90": list(result.spread_ms()),
        "steps_timed": len(result.all_wall()),
        "vs_session_run": result.ratio_to(baseline),
        "cpu_vs_session_run": result.ratio_to(baseline, cpu=True),
    }
    if way.baseline and way.baseline in results:
      entry["baseline"] = way.baseline
      entry["vs_baseline"] = result.ratio_to(results[way.baseline])
    if floor is not None:
      entry["vs_matmul_floor"] = result.ratio_to(floor)
    own = getattr(way, "floor", None)
    if own in results:
      entry["floor"] = own
      entry["vs_own_floor"] = result.ratio_to(results[own])
    ways[name] = entry
  fast = [name for name in FAST_WAYS if name in ways]
  best = min(fast, key=lambda n: ways[n]["vs_session_run"]) if fast else None
  targets = [_target(results, ways, best, spec)
             for spec in (CONV_TARGETS if conv else TARGETS)]
  report = {"ways": ways, "best_way": best,
            "targets": [target for target in targets if target is not None]}
  if conv:
    report["model"] = "conv"
  return report


def format_table(report):
  """The results as a Markdown table, fastest first, then the targets.

  A run that compared ways with the floor of their own graph has a
  column for it; one that read each way's peak memory, a column for it.
  """
  ways = report["ways"]
  rows = sorted(ways, key=lambda n: ways[n]["median_ms"])
  columns = []  # (header, cell of an entry)
  if "matmul_floor" in ways:
    header = "vs Edward's graph's floor" if report.get("model") == "conv" \
        else "vs matmul floor"
    columns.append((header, lambda e: "{:.2f}".format(e["vs_matmul_floor"])))
  if any("vs_own_floor" in entry for entry in ways.values()):
    columns.append(("vs its graph's floor", lambda e: "{:.2f}".format(
        e["vs_own_floor"]) if "vs_own_floor" in e else ""))
  if any("peak_rss_mb" in entry for entry in ways.values()):
    columns.append(("peak RSS (MB)", lambda e: "{:.0f}".format(
        e["peak_rss_mb"]) if "peak_rss_mb" in e else ""))
  lines = ["| way | ms/step | CPU ms/step | vs TF1 feed_dict | CPU vs TF1 "
           "feed_dict |" + "".join(" {} |".format(header)
                                    for header, _ in columns),
           "|---|---|---|---|---|" + "---|" * len(columns)]
  for name in rows:
    entry = ways[name]
    line = "| {} | {:.2f} | {:.2f} | {:.2f} | {:.2f} |".format(
        entry["label"], entry["median_ms"], entry["cpu_median_ms"],
        entry["vs_session_run"], entry["cpu_vs_session_run"])
    lines.append(line + "".join(" {} |".format(cell(entry))
                                for _, cell in columns))
  for name, reason in sorted(report["skipped"].items()):
    lines.append("| {} | skipped: {} | | | |{}".format(
        REMOTE_LABELS.get(name, name), reason, " |" * len(columns)))
  lines.append("")
  lines.append("| target | way | ratio | limit | met | CPU ratio | met in "
               "CPU time |")
  lines.append("|---|---|---|---|---|---|---|")
  for target in report["targets"]:
    lines.append("| {} | `{}` | {:.3f} | {:.2f} | {} | {:.3f} | {} |".format(
        target["target"], target["way"], target["ratio"], target["limit"],
        "yes" if target["met"] else "**no**", target["cpu_ratio"],
        "yes" if target["cpu_met"] else "**no**"))
  return "\n".join(lines)


def format_extras(report):
  """One paragraph: import, build, first steps, memory."""
  extras = report["extras"]
  ways = report["ways"]
  parts = []
  if "import_s" in extras:
    parts.append("`import edward_lite` {:.2f} s, peak RSS {:.0f} MB".format(
        extras["import_s"], extras["import_peak_rss_mb"]))
  parts.append("constructing the inference {:.3f} s, `initialize()` {:.2f} s, "
               "first `update()` {:.3f} s".format(
                   extras["construct_s"], extras["initialize_s"],
                   extras["first_step_s"]))
  if ways.get("xla", {}).get("first_step_s") is not None:
    parts.append("first step with `xla=True` {:.2f} s (compiling)".format(
        ways["xla"]["first_step_s"]))
  chosen = ways.get("update", {}).get("session_threads")
  if chosen:
    parts.append("threads chosen at `initialize` for the default `update()` "
                 "copies (intra_op, inter_op; 0 is TensorFlow's): {}".format(
                     ", ".join("{}x{}".format(*pair) for pair in chosen)))
  if extras["rss_after_mb"] is not None:
    parts.append("RSS {:.0f} MB -> {:.0f} MB over {} `update()` calls, graph "
                 "ops added: {}".format(extras["rss_before_mb"],
                                         extras["rss_after_mb"],
                                         extras["rss_steps"],
                                         extras["graph_ops_added_by_updates"]))
  return "; ".join(parts) + "."
