"""What the speed benchmark's numbers say: ratios, targets, tables, text.

`summarize` turns the interleaved timings into the report's per-way
entries, the best path and the targets; the `format_*` functions and
`readme_block` write them as the tables and lines that `benchmarks.run`
prints and that the README and docs/benchmarks.md carry.
"""

from benchmarks._remote import REMOTE_LABELS

__all__ = ["FAST_WAYS", "README_WAYS", "TARGETS", "fair_comparisons",
           "format_extras", "format_table", "readme_block", "summarize"]


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

# Ways that may be the best path: every fast option and combination.
FAST_WAYS = ("update", "dataset_arrays", "threads_1x1", "threads_2x1",
             "threads_1x2", "grappler_no_remap", "xla", "xla_dataset",
             "xla_dataset_threads_1x1", "session_callable", "lean",
             "lean_dataset", "lean_threads_1x2", "lean_dataset_threads_1x2")

# The README's rows, in this order, when they were run ("best" is the
# best path).
README_WAYS = ("matmul_floor", "matmul_floor_lean", "best", "update",
               "dataset_arrays", "tf2_function_xla", "session_run",
               "update_edward", "tf2_function", "torch_compile",
               "torch_eager")

def summarize(results):
  """Per-way entries, the best path and the targets, from the timings."""
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
    ways[name] = entry
  fast = [name for name in FAST_WAYS if name in ways]
  best = min(fast, key=lambda n: ways[n]["vs_session_run"]) if fast else None
  targets = []
  for way_name, base_name, limit, text in TARGETS:
    name = best if way_name == "best" else way_name
    if name is None or name not in ways or base_name not in ways:
      continue
    ratio = results[name].ratio_to(results[base_name])
    cpu_ratio = results[name].ratio_to(results[base_name], cpu=True)
    targets.append({"target": text, "way": name, "baseline": base_name,
                    "ratio": ratio, "cpu_ratio": cpu_ratio, "limit": limit,
                    "met": ratio <= limit, "cpu_met": cpu_ratio <= limit})
  return {"ways": ways, "best_way": best, "targets": targets}


def format_table(report):
  """The results as a Markdown table, fastest first, then the targets."""
  ways = report["ways"]
  rows = sorted(ways, key=lambda n: ways[n]["median_ms"])
  has_floor = "matmul_floor" in ways
  lines = ["| way | ms/step | CPU ms/step | vs TF1 feed_dict | CPU vs TF1 "
           "feed_dict |" + (" vs matmul floor |" if has_floor else ""),
           "|---|---|---|---|---|" + ("---|" if has_floor else "")]
  for name in rows:
    entry = ways[name]
    line = "| {} | {:.2f} | {:.2f} | {:.2f} | {:.2f} |".format(
        entry["label"], entry["median_ms"], entry["cpu_median_ms"],
        entry["vs_session_run"], entry["cpu_vs_session_run"])
    if has_floor:
      line += " {:.2f} |".format(entry["vs_matmul_floor"])
    lines.append(line)
  for name, reason in sorted(report["skipped"].items()):
    lines.append("| {} | skipped: {} | | | |{}".format(
        REMOTE_LABELS.get(name, name), reason, " |" if has_floor else ""))
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


def readme_block(report, command):
  """The README's speed block: what a legacy script gets, from this run.

  Args:
    report: dict, what `run_benchmark` returns.
    command: str. The command that measured it.

  Returns:
    str.
  """
  ways = report["ways"]
  machine = report["machine"]
  lines = [
      "Measured {} by `{}` on {} ({} logical CPUs), load average {:.1f} "
      "before and {:.1f} after; median wall time per step, all ways "
      "interleaved in one run:".format(
          machine["date"], command, machine.get("cpu", "?"), machine["cpus"],
          report["load_average_before"][0], report["load_average_after"][0]),
      "",
      "| way | ms/step | vs Edward's `Session.run` + feed_dict | vs the "
      "matmuls alone |",
      "|---|---|---|---|"]
  shown = set()
  for name in README_WAYS:
    name = report["best_way"] if name == "best" else name
    if name not in ways or name in shown:
      continue
    shown.add(name)
    entry = ways[name]
    label = entry["label"]
    if name == report["best_way"]:
      label = "best path: " + label
    lines.append("| {} | {:.2f} | {:.2f} | {} |".format(
        label, entry["median_ms"], entry["vs_session_run"],
        "{:.2f}".format(entry["vs_matmul_floor"])
        if "vs_matmul_floor" in entry else ""))
  lines.append("")
  chosen = ways.get("update", {}).get("session_threads")
  if chosen:
    lines.append("- Threads `initialize` chose for the legacy script's "
                 "copies by timing its step (intra_op x inter_op): "
                 "{}.".format(", ".join("{}x{}".format(*pair)
                                        for pair in chosen)))
  headline = [text for _, _, _, text in TARGETS[:4]]
  for name, reason in sorted(report["skipped"].items()):
    if name == "torch_compile":
      lines.append("- {}: not in this run ({}), nor the targets against "
                   "it.".format(REMOTE_LABELS[name], reason))
  for target in report["targets"]:
    if target["target"] not in headline:
      continue
    lines.append("- {}: {:.2f}x ({}; {:.2f}x in CPU time).".format(
        target["target"], target["ratio"],
        "met" if target["met"] else "**not met**", target["cpu_ratio"]))
  lines.extend(fair_comparisons(report))
  return "\n".join(lines)


def fair_comparisons(report):
  """What the headline targets leave out, as lines of the README block.

  The floor of the 1.05x target is Edward's graph's products, more than
  the lean graph runs; and the best path is the fastest of ways some of
  which run the very same options, so its ratio is a minimum over
  equals. Both are said here, from the same run.

  Args:
    report: dict, what `run_benchmark` returns (or its stored JSON).

  Returns:
    list of str, one Markdown list item each.
  """
  ways, best = report["ways"], report["best_way"]
  lines = []
  if best is not None and best != "update" and "update" in ways:
    lines.append("- The fastest way measured was `{}` ({:.2f} ms); plain "
                 "`update(feed_dict)` with default options took {:.2f} "
                 "ms.".format(best, ways[best]["median_ms"],
                              ways["update"]["median_ms"]))
  elif best == "update":
    lines.append("- No option measured faster than plain `update(feed_dict)` "
                 "with default options: it is the best path here.")
  twin = ways.get("lean_threads_1x2")
  if best is not None and twin is not None and (
      ways.get("update", {}).get("session_threads") ==
      twin.get("session_threads")):
    lines.append("- The same options set by hand (`lean_threads_1x2`) took "
                 "{:.2f} ms ({:.2f}x the matmuls alone): the best path is "
                 "the faster of such twins, so its ratio leans low by "
                 "their spread.".format(twin["median_ms"],
                                        twin["vs_matmul_floor"]))
  lean_floor = ways.get("matmul_floor_lean")
  if best is not None and lean_floor is not None:
    lines.append("- Against the lean graph's own matmuls alone (the "
                 "products its step runs): the best path's {:.2f} ms to "
                 "their {:.2f} ms, {:.2f}x (ratio of the medians).".format(
                     ways[best]["median_ms"], lean_floor["median_ms"],
                     ways[best]["median_ms"] / lean_floor["median_ms"]))
  return lines
