"""The speed benchmark's text in the pages: the README's block, the conv block.

Each is written from a run's report (or its stored JSON) by
`benchmarks.run --readme` and `benchmarks.speed_docs`, never by hand.
"""

import os

from benchmarks._remote import REMOTE_LABELS
from benchmarks._report import TARGETS, format_table

__all__ = ["DOCS", "README_WAYS", "conv_block", "fair_comparisons",
           "input_lines", "readme_block"]

DOCS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))), "docs", "benchmarks.md")

# The README's rows, in this order, when they were run ("best" is the
# best path).
README_WAYS = ("matmul_floor", "matmul_floor_lean", "best", "update",
               "dataset_arrays", "tf2_function_xla", "session_run",
               "update_edward", "tf2_function", "torch_compile",
               "torch_eager")


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
  lines.extend(_conv_readme_lines(report))
  lines.extend(input_lines(report))
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


def _models(report):
  """[(name in text, part of the report)] for each model the run timed."""
  found = []
  if "ways" in report:
    found.append(("the MLP", report))
  for batch, part in sorted(report.get("conv", {}).items(),
                            key=lambda item: int(item[0])):
    found.append(("the convolutional model at batch {}".format(batch), part))
  return found


def input_lines(report):
  """tf.data input against the feed loop, and the fastest way, per model.

  Args:
    report: dict, what `run_benchmark` returns (or its stored JSON).

  Returns:
    list of str, Markdown list items; none when no model ran both ways.
  """
  ratios, fastest = [], []
  for name, part in _models(report):
    target = [t for t in part["targets"] if t["way"] == "dataset_arrays" and
              t["baseline"] == "update"]
    if target:
      ratios.append((name, target[0]["ratio"]))
    if part.get("best_way"):
      fastest.append("`{}` for {}".format(part["best_way"], name))
  if not ratios:
    return []
  lines = ["- tf.data input (`dataset_arrays`) against the feed loop "
           "(`update(feed_dict)`), both with default options: {}.".format(
               ", ".join("{:.2f}x for {}".format(ratio, name)
                         for name, ratio in ratios))]
  slower = [name for name, ratio in ratios if ratio > 1.0]
  if slower:
    lines.append("- The feed loop was the faster input for {}: tf.data is "
                 "not the fastest way there. The fastest way measured: "
                 "{}.".format(" and ".join(slower), ", ".join(fastest)))
  else:
    lines.append("- tf.data input was at least as fast as the feed loop for "
                 "every model. The fastest way measured: {}.".format(
                     ", ".join(fastest)))
  return lines


def _conv_readme_lines(report):
  """One line per batch size: the convolutional model's headline targets."""
  lines = []
  for name, part in _models(report):
    if part is report:
      continue
    cells = ["{} {:.2f}x ({})".format(target["target"], target["ratio"],
                                      "met" if target["met"] else "**not met**")
             for target in part["targets"][:4]]
    if cells:
      lines.append("- For {} (best path `{}`): {}.".format(
          name, part["best_way"], "; ".join(cells)))
  return lines


def conv_block(report):
  """docs/benchmarks.md's block for the convolutional model, from a run.

  Args:
    report: dict, what `run_benchmark` returns (or its stored JSON).

  Returns:
    str: each batch size's table and targets, the threads chosen, what
    the best path's ratio to the floor of its own graph is, and tf.data
    input against the feed loop; a line saying how to measure it when
    the run had no convolutional model.
  """
  if not report.get("conv"):
    return ("Not measured in the stored run: `python -m benchmarks.run "
            "--mnist ../shared/data/mnist --readme` measures it and writes "
            "this block.")
  machine, settings = report["machine"], report["settings"]["conv"]
  data = "real MNIST digits from `{}`".format(settings["mnist"]) \
      if settings.get("mnist") else "synthetic images"
  memory = ""
  if report.get("memory_steps"):
    memory = "; peak RSS is each way's own process after {} steps".format(
        report["memory_steps"])
  lines = ["Measured {} by `{}` on {} ({} logical CPUs), {} rounds of {} "
           "steps per way after {} warm-up steps, on {}{}.".format(
               machine["date"], report.get("command"), machine.get("cpu", "?"),
               machine["cpus"], settings["rounds"], settings["block"],
               settings["warmup"], data, memory)]
  for name, part in _models(report):
    if part is report:
      continue
    lines.extend(["", "**{}** (load average {:.1f} before and {:.1f} "
                      "after):".format(name[0].upper() + name[1:],
                                       part["load_average_before"][0],
                                       part["load_average_after"][0]),
                  "", format_table(part), ""])
    ways = part["ways"]
    chosen = ways.get("update", {}).get("session_threads")
    if chosen:
      lines.append("- Threads `initialize` chose for the legacy script's "
                   "copies (intra_op x inter_op): {}.".format(
                       ", ".join("{}x{}".format(*pair) for pair in chosen)))
    best = ways.get(part["best_way"], {})
    if "vs_own_floor" in best:
      lines.append("- The best path, `{}`, runs {}: {:.2f} ms a step "
                   "against {:.2f} ms for that graph's convolutions and "
                   "matmuls alone ({:.2f}x, the median of the rounds' "
                   "ratios).".format(
                       part["best_way"], "the lean graph" if best["floor"] ==
                       "matmul_floor_lean" else "Edward's graph",
                       best["median_ms"], ways[best["floor"]]["median_ms"],
                       best["vs_own_floor"]))
  lines.append("")
  lines.extend(input_lines(report))
  return "\n".join(lines)
