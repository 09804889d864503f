"""Upgrading Jupyter notebooks: the code cells, and nothing else.

The code cells are joined into one script, so an import in the first
cell still explains `tf` in the tenth, and upgraded as one file. Lines
that are IPython rather than Python (`%matplotlib inline`, `!pip
install`, `x = !ls`, `tf.placeholder?`) are swapped for placeholders
before parsing and put back after, as TensorFlow's upgrade tool does.
Cells starting with a cell magic (`%%bash`) are left alone. An IPython
line installing what cannot work on current Python (`!pip install
edward`, `observations`, TensorFlow 1.x) is kept and reported as a
WARNING with what to install instead.

Only the `source` of code cells that changed is replaced. Markdown,
outputs and metadata are kept, and when the file was written the way
Jupyter writes it, unchanged cells come out byte for byte the same.
Only the `json` module is used, so no Jupyter install is needed.
"""

import collections
import json
import re

from edward_lite.upgrade.upgrader import LogEntry, UpgradeError
from edward_lite.upgrade.upgrader import upgrade_source

__all__ = ["NotebookResult", "upgrade_notebook"]

NotebookResult = collections.namedtuple("NotebookResult",
                                        ["text", "log", "extras"])
NotebookResult.__new__.__defaults__ = ((),)
NotebookResult.__doc__ = """The notebook's new JSON text, its log and extras.

Log entries carry the cell index (from 1) and the line within the cell;
`extras` is as in `upgrader.UpgradeResult`, for the code cells together.
"""

_CELL_BOUNDARY = "# <edward_lite.upgrade: end of cell>"
_PROTECTED = "<edward_lite.upgrade: protected line {}>"
_PROTECTED_LINE = re.compile(r"# <edward_lite\.upgrade: protected line (\d+)>$")
# `files = !ls` and `t = %timeit -o f()` are IPython, `a != b` is not.
_MAGIC_ASSIGNMENT = re.compile(r"^[A-Za-z_][\w.,\s]*=\s*[!%]")

# How json.dumps may have written the file; the first that reproduces
# it is used again, so that unchanged parts of the file stay unchanged.
_JSON_STYLES = (
    {"indent": 1, "ensure_ascii": False},
    {"indent": 1, "ensure_ascii": True},
    {"indent": 2, "ensure_ascii": False},
    {"indent": 2, "ensure_ascii": True},
    {"indent": 4, "ensure_ascii": False},
    {"indent": None, "ensure_ascii": False},
)


def upgrade_notebook(text, filename="<notebook>"):
  """Rewrites the code cells of an nbformat 4 notebook for edward_lite.

  Args:
    text: the notebook file's JSON text.
    filename: used in error messages only.

  Returns:
    A `NotebookResult`; its text equals `text` when nothing changed.

  Raises:
    UpgradeError: if the file is not nbformat 4 JSON, or a code cell is
      not valid Python once its IPython lines are set aside.
  """
  try:
    notebook = json.loads(text)
  except ValueError as error:
    raise UpgradeError(filename, getattr(error, "lineno", 1),
                       getattr(error, "colno", 1) - 1,
                       "not a JSON notebook: {}".format(error))
  if not isinstance(notebook, dict) or notebook.get("nbformat") != 4:
    raise UpgradeError(filename, 1, 0, "not an nbformat 4 notebook")
  script = _Script()
  for index, cell in enumerate(notebook.get("cells", [])):
    if _is_python(cell):
      script.add_cell(index, _source_text(cell))
  try:
    result = upgrade_source(script.text(), filename)
  except UpgradeError as error:
    cell, line = script.where(error.line)
    raise UpgradeError(filename, line, error.col, error.reason, cell=cell)
  log = []
  for entry in result.log:
    cell, line = script.where(entry.line)
    log.append(LogEntry(entry.level, line, entry.col, entry.message, cell))
  log.extend(script.install_warnings())
  log.sort(key=lambda entry: (entry.cell, entry.line, entry.col))
  changed = False
  cells = notebook.get("cells", [])
  for index, new_source in script.split(result.text):
    if new_source != _source_text(cells[index]):
      _set_source(cells[index], new_source)
      changed = True
  if not changed:
    return NotebookResult(text, log, result.extras)
  return NotebookResult(_dump_like(notebook, text), log, result.extras)


def _is_python(cell):
  if cell.get("cell_type") != "code":
    return False
  source = _source_text(cell)
  return bool(source.strip()) and not source.lstrip().startswith("%%")


def _source_text(cell):
  source = cell.get("source", "")
  return source if isinstance(source, str) else "".join(source)


def _set_source(cell, text):
  if isinstance(cell.get("source"), str):
    cell["source"] = text
  else:
    cell["source"] = [line for line in re.split(r"(?<=\n)", text) if line]


def _is_ipython(line):
  stripped = line.strip()
  if not stripped or stripped.startswith("#"):
    return False
  return (stripped[0] in "%!?" or stripped.endswith("?") or
          bool(_MAGIC_ASSIGNMENT.match(stripped)))


# `!pip install ...`, `%pip install ...`, `!python -m pip install ...`.
_PIP_INSTALL = re.compile(
    r"^(\s*)[!%]\s*(?:python3?\s+-m\s+)?pip3?\s+install\s+(.*)$")
_REQUIREMENT = re.compile(r"^[\"']?([A-Za-z0-9][A-Za-z0-9._-]*)(\S*)")
_INSTALL_ADVICE = {
    "edward": (
        "it installs Edward 1.x, which needs TensorFlow <= 1.7 and Python "
        "<= 3.6 and does not install or import here; install edward_lite "
        "instead: pip install edward-lite (\"edward-lite[legacy]\" also "
        "brings tf_slim)"),
    "observations": (
        "the observations package does not install on current Python; "
        "edward_lite.datasets reads MNIST from the files you have "
        "(datasets.mnist, input_data.read_data_sets)"),
    "tensorflow": (
        "it asks for TensorFlow 1.x, which current Python cannot install; "
        "edward_lite runs TF1 code on TensorFlow 2: pip install "
        "\"tensorflow>=2.16\""),
}


def _install_advice(line):
  """The advice for a notebook line installing a package that cannot work."""
  match = _PIP_INSTALL.match(line)
  if not match:
    return None
  advice = []
  for token in match.group(2).split():
    requirement = _REQUIREMENT.match(token)
    if token.startswith("-") or not requirement:
      continue
    name, version = requirement.group(1).lower(), requirement.group(2)
    if name in ("tensorflow", "tensorflow-gpu"):
      # Only a TensorFlow 1 pin is a problem: "tensorflow==1.7.0".
      if re.match(r"^[\"']?(==|<=|~=)\s*1\.", version) or (
          re.match(r"^[\"']?<\s*2(\.0)*[\"']?$", version)):
        advice.append(_INSTALL_ADVICE["tensorflow"])
    elif name in _INSTALL_ADVICE:
      advice.append(_INSTALL_ADVICE[name])
  return "; ".join(advice) or None


class _Script(object):
  """The code cells joined into one script, with a way back."""

  def __init__(self):
    self._lines = []
    self._where = []  # script line (from 1) -> (cell index + 1, line)
    self._protected = []
    self._protected_where = []  # (cell index + 1, line in cell) of each
    self._cells = []

  def add_cell(self, index, source):
    self._cells.append(index)
    continuation = False
    for number, line in enumerate(source.split("\n"), 1):
      indent = line[:len(line) - len(line.lstrip(" \t"))]
      if continuation or _is_ipython(line):
        # A placeholder that is a statement keeps an indented block valid;
        # a continuation line only needs to vanish.
        statement = "" if continuation else "pass  "
        line_note = _PROTECTED.format(len(self._protected))
        self._protected.append(line)
        self._protected_where.append((index + 1, number))
        continuation = line.rstrip().endswith("\\")
        line = "{}{}# {}".format(indent, statement, line_note)
      self._lines.append(line)
      self._where.append((index + 1, number))
    self._lines.append(_CELL_BOUNDARY)
    self._where.append((index + 1, None))

  def text(self):
    return "\n".join(self._lines) + "\n"

  def where(self, line):
    """Returns (cell index from 1, line in cell) of script line `line`."""
    cell, number = self._where[min(line, len(self._where)) - 1]
    return cell, number or 1

  def install_warnings(self):
    """A WARNING for each IPython line installing what cannot work here."""
    warnings = []
    for line, (cell, number) in zip(self._protected, self._protected_where):
      advice = _install_advice(line)
      if advice:
        col = len(line) - len(line.lstrip())
        warnings.append(LogEntry(
            "WARNING", number, col,
            "'{}': {}; the line is left as it is.".format(line.strip(),
                                                          advice), cell))
    return warnings

  def split(self, text):
    """Yields (cell index, new source) from an upgraded script text."""
    cells = iter(self._cells)
    current = []
    for line in text.split("\n"):
      if line == _CELL_BOUNDARY:
        yield next(cells), "\n".join(current)
        current = []
        continue
      match = _PROTECTED_LINE.search(line)
      if match:
        line = self._protected[int(match.group(1))]
      current.append(line)


def _dump_like(notebook, original):
  """Writes `notebook` as JSON in the style `original` was written in."""
  before = json.loads(original)
  for style in _JSON_STYLES:
    for end in ("\n", ""):
      if json.dumps(before, **style) + end == original:
        return json.dumps(notebook, **style) + end
  return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
