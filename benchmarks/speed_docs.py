"""Renders stored speed runs into the pages; measures nothing.

    python -m benchmarks.speed_docs

rewrites, in docs/benchmarks.md, every block
`<!-- BEGIN speed-run:FILE -->` ... `<!-- END speed-run:FILE -->` with
the tables and extras of the run stored in `benchmarks/results/FILE`
(`speed.json` is the latest run; `history/` keeps earlier ones, copied
unchanged from the commits that first stored them), the `startup-table`,
`profile` and `profile-conv` blocks from `startup.json`, `profile.json`
and `profile-conv.json` (a line saying how to measure it while there is
none), the convolutional model's block (`speed-conv`) and the README's
speed block from `speed.json`. What `benchmarks.run` prints when it
measures is what these blocks hold, so a page never carries a table
that its stored run does not.
"""

import json
import os
import re

from benchmarks import _pages
from benchmarks import _readme
from benchmarks import _report
from benchmarks import profile_step
from benchmarks import startup

__all__ = ["CONV_PROFILE", "DOCS", "RESULTS_DIR", "conv_profile_block",
           "docs_run_block", "main", "run_blocks"]

RESULTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "results")
DOCS = os.path.join(os.path.dirname(os.path.dirname(RESULTS_DIR)), "docs",
                    "benchmarks.md")
CONV_PROFILE = "profile-conv.json"
_BLOCK = re.compile(r"<!-- BEGIN speed-run:(\S+) -->\n(.*?)\n?"
                    r"<!-- END speed-run:\1 -->", re.S)


def docs_run_block(report):
  """A stored run's tables and extras, as docs/benchmarks.md shows them.

  Args:
    report: dict, a stored `benchmarks.run` JSON.

  Returns:
    str.
  """
  report = dict(report)
  report.setdefault("skipped", {})
  stamp = "Stored run: measured {} by `{}`, load average {:.1f} before and " \
      "{:.1f} after.".format(
          report["machine"]["date"],
          report.get("command") or "python -m benchmarks.run",
          report["load_average_before"][0], report["load_average_after"][0])
  return "\n\n".join([stamp, _report.format_table(report),
                       _report.format_extras(report)])


def conv_profile_block():
  """The convolutional model's profile table, or how to make it."""
  if not os.path.exists(os.path.join(RESULTS_DIR, CONV_PROFILE)):
    return ("Not measured in the stored runs: `python -m "
            "benchmarks.profile_step --model conv --mnist "
            "../shared/data/mnist` writes `benchmarks/results/{}`, and "
            "`python -m benchmarks.speed_docs` this table.".format(
                CONV_PROFILE))
  return profile_step.docs_table(load(CONV_PROFILE))


def run_blocks(text):
  """The speed-run blocks of a page: [(stored file, block body)]."""
  return _BLOCK.findall(text)


def load(name):
  """The stored run `name`, a path under benchmarks/results/."""
  with open(os.path.join(RESULTS_DIR, name)) as handle:
    return json.load(handle)


def main(argv=None):
  del argv  # No options: everything comes from the stored files.
  with open(DOCS, encoding="utf-8") as handle:
    names = [name for name, _ in run_blocks(handle.read())]
  for name in names:
    _readme.write_block("speed-run:" + name, docs_run_block(load(name)),
                        path=DOCS)
    print("rendered benchmarks/results/{} into {}".format(name, DOCS))
  _readme.write_block("startup-table", startup.docs_table(
      load("startup.json")), path=DOCS)
  _readme.write_block("profile", profile_step.docs_table(
      load("profile.json")), path=DOCS)
  _readme.write_block("profile-conv", conv_profile_block(), path=DOCS)
  print("rendered startup.json, profile.json and profile-conv.json into "
        "{}".format(DOCS))
  report = load("speed.json")
  _readme.write_block("speed-conv", _pages.conv_block(report), path=DOCS)
  _readme.write_block("speed", _pages.readme_block(report, report["command"]))
  print("rendered benchmarks/results/speed.json into the README's speed block "
        "and the convolutional model's block")


if __name__ == "__main__":
  main()
