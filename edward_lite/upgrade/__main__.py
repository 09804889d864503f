"""The command line: `python -m edward_lite.upgrade` / `edward-lite-upgrade`.

It takes the options of TensorFlow's `tf_upgrade_v2`:

    edward-lite-upgrade --infile old.py --outfile new.py
    edward-lite-upgrade --infile tutorial.ipynb --inplace
    edward-lite-upgrade --intree legacy/ --outtree upgraded/

and writes the full report to `--reportfile` (default `report.txt`, or
the first free `report_N.txt` when that exists: the default never
replaces a file; a named `--reportfile` does, and the tool says so). It
prints the lines that need a person, and the `pip install
"edward-lite[extra]"` that any converted file's new imports need.
The exit status is 0 when every file was read, 1 when some file could
not be parsed (the message names file and line), 2 for bad arguments.
"""

import argparse
import os
import sys

from edward_lite.upgrade import files
from edward_lite.upgrade import report
from edward_lite.upgrade.upgrader import format_location

__all__ = ["DEFAULT_REPORT", "main"]

DEFAULT_REPORT = "report.txt"

_DESCRIPTION = """\
Rewrite Edward 1.x / TensorFlow 1.x scripts and notebooks for edward_lite.

Simple usage:
  edward-lite-upgrade --infile foo.py --outfile bar.py
  edward-lite-upgrade --infile foo.ipynb --outfile bar.ipynb
  edward-lite-upgrade --intree ~/code/old --outtree ~/code/new
"""


def main(argv=None):
  """Runs the tool; returns the exit status.

  Args:
    argv: the arguments without the program name; None means sys.argv.
  """
  parser = _parser()
  args = parser.parse_args(argv)
  try:
    reports = _run(parser, args)
  except (OSError, ValueError) as error:
    parser.exit(2, "{}: error: {}\n".format(parser.prog, error))
  if reports is None:
    parser.print_help()
    return 2
  report_filename, replaced = _report_filename(args.report_filename)
  with open(report_filename, "w", encoding="utf-8") as handle:
    handle.write(report.format_report(reports))
  for file_report in reports:
    for entry in file_report.log:
      if entry.level != "INFO":
        print("{}: {}: {}".format(
            format_location(file_report.input, entry.line, entry.col,
                            entry.cell), entry.level, entry.message))
    for line in report.needs_lines(file_report):
      print(line)
    if file_report.error is not None:
      print(file_report.error, file=sys.stderr)
  print(report.summary_line(reports))
  print("The full report is in {!r}{}.".format(
      report_filename,
      " (it replaced the file of that name)" if replaced else ""))
  return 1 if any(r.error is not None for r in reports) else 0


def _report_filename(given):
  """Returns (where to write the report, whether a file is replaced).

  A --reportfile the user named is written even if it exists, and the
  last line says so. The default, report.txt, never replaces a file: an
  earlier report (or any file of that name) stays, and the report goes
  to the first free report_N.txt.
  """
  if given is not None:
    return given, os.path.exists(given)
  filename = DEFAULT_REPORT
  number = 0
  while os.path.exists(filename):
    number += 1
    filename = "report_{}.txt".format(number)
  return filename, False


def _run(parser, args):
  if args.input_file and args.input_tree:
    parser.error("give --infile or --intree, not both")
  if args.input_file:
    if args.in_place == bool(args.output_file):
      parser.error("--infile needs exactly one of --outfile and --inplace")
    output = args.input_file if args.in_place else args.output_file
    return [files.process_file(args.input_file, output)]
  if args.input_tree:
    if args.in_place == bool(args.output_tree):
      parser.error("--intree needs exactly one of --outtree and --inplace")
    if args.in_place:
      return files.process_tree_inplace(args.input_tree)
    return files.process_tree(args.input_tree, args.output_tree,
                              args.copy_other_files)
  return None


def _parser():
  parser = argparse.ArgumentParser(
      prog="edward-lite-upgrade", description=_DESCRIPTION,
      formatter_class=argparse.RawDescriptionHelpFormatter)
  parser.add_argument("--infile", dest="input_file",
                      help="a single .py or .ipynb file to convert")
  parser.add_argument("--outfile", dest="output_file",
                      help="where to write the converted --infile")
  parser.add_argument("--intree", dest="input_tree",
                      help="a directory whose .py and .ipynb files to convert")
  parser.add_argument("--outtree", dest="output_tree",
                      help="the directory to write the converted tree to; "
                           "it must not exist yet")
  parser.add_argument("--copyotherfiles", dest="copy_other_files",
                      type=_boolean, default=True, metavar="{true,false}",
                      help="with --outtree, also copy files that are not "
                           "converted (default: %(default)s)")
  parser.add_argument("--inplace", dest="in_place", action="store_true",
                      help="overwrite --infile or the files of --intree")
  parser.add_argument("--reportfile", dest="report_filename",
                      default=None,
                      help="where to write the report (default: {}, or "
                           "report_1.txt, report_2.txt, ... when that file "
                           "exists, so that no file is replaced)".format(
                               DEFAULT_REPORT))
  return parser


def _boolean(text):
  lowered = text.lower()
  if lowered in ("true", "yes", "1"):
    return True
  if lowered in ("false", "no", "0"):
    return False
  raise argparse.ArgumentTypeError("expected true or false, got {!r}".format(
      text))


if __name__ == "__main__":
  sys.exit(main())
