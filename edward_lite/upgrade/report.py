"""The report of one run: every change and warning, file by file.

It reads like TensorFlow's `report.txt`: a header, then a section per
file with one `file:line:col: LEVEL: sentence` line per change (INFO),
warning (WARNING) or parse failure (ERROR), and a closing count. A file
whose new code imports a package that edward-lite's core install lacks
(tf_slim, for `tf.contrib.slim`) also gets a `file: NEEDS: pip install
"edward-lite[extra]" ...` line, which the command line prints too: such
a file reports no warning, yet it would not run without that install.
"""

import collections

from edward_lite.upgrade.upgrader import format_location

__all__ = ["FileReport", "INSTALL_EXTRA", "format_report", "needs_lines",
           "summary_line"]

FileReport = collections.namedtuple("FileReport",
                                    ["input", "output", "log", "error",
                                     "extras"])
FileReport.__new__.__defaults__ = ((),)
FileReport.__doc__ = """What happened to one file.

Attributes:
  input: the path read.
  output: the path written, or None when nothing could be written.
  log: the `upgrader.LogEntry` list of changes and warnings.
  error: the `upgrader.UpgradeError` if the file could not be parsed.
  extras: the `(module, extra)` pairs of `upgrader.UpgradeResult`: what
    the new code imports that only an extra of edward-lite installs.
"""

# The command that installs an extra of edward-lite (setup.py).
INSTALL_EXTRA = 'pip install "edward-lite[{}]"'

_RULE = "-" * 80
HEADER = (
    "edward_lite upgrade report\n"
    "==========================\n"
    "Every change (INFO) and every line that needs a person (WARNING) or "
    "could not be\n"
    "read (ERROR), at file:line:col with lines counted from 1 and columns "
    "from 0.\n")


def format_report(reports):
  """Returns the text of the report for a list of `FileReport`s."""
  parts = [HEADER]
  for report in reports:
    parts.append("\n" + _RULE + "\n")
    parts.append("File: {}\n".format(report.input))
    parts.append("Output: {}\n".format(
        report.output if report.output else "none (not written)"))
    parts.append(_RULE + "\n")
    for entry in report.log:
      parts.append("{}: {}: {}\n".format(
          format_location(report.input, entry.line, entry.col, entry.cell),
          entry.level, entry.message))
    parts.extend(line + "\n" for line in needs_lines(report))
    if report.error is not None:
      error = report.error
      parts.append("{}: ERROR: cannot parse this file, so it was not "
                   "rewritten: {}\n".format(
                       format_location(report.input, error.line, error.col,
                                       error.cell), error.reason))
    elif not report.log:
      parts.append("No changes.\n")
  parts.append("\n" + summary_line(reports) + "\n")
  return "".join(parts)


def needs_lines(report):
  """Returns a `file: NEEDS: pip install ...` line per extra the file needs.

  Args:
    report: a `FileReport`.

  Returns:
    A list of str, one per extra in `report.extras`, in name order.
  """
  modules_by_extra = collections.defaultdict(list)
  for module, extra in report.extras:
    modules_by_extra[extra].append(module)
  return ["{}: NEEDS: {} for {}, which the new code imports and "
          "edward-lite's core install does not bring.".format(
              report.input, INSTALL_EXTRA.format(extra),
              " and ".join(sorted(modules)))
          for extra, modules in sorted(modules_by_extra.items())]


def summary_line(reports):
  """Returns the closing count, e.g. `Summary: 2 files, 5 changes, ...`."""
  levels = collections.Counter(
      entry.level for report in reports for entry in report.log)
  errors = sum(1 for report in reports if report.error is not None)
  return "Summary: {}, {}, {}, {}.".format(
      _count(len(reports), "file"), _count(levels["INFO"], "change"),
      _count(levels["WARNING"], "warning"), _count(errors, "error"))


def _count(number, noun):
  return "{} {}{}".format(number, noun, "" if number == 1 else "s")
