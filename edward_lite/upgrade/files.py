"""Reading, upgrading and writing files and trees of files.

Scripts are read as bytes and decoded with the encoding Python itself
would use (PEP 263 cookie or BOM), without newline translation, and are
written back the same way, so `\\r\\n` files keep their line endings.
"""

import codecs
import io
import os
import shutil
import tokenize

from edward_lite.upgrade.ipynb import upgrade_notebook
from edward_lite.upgrade.report import FileReport
from edward_lite.upgrade.upgrader import UpgradeError, upgrade_source

__all__ = ["UPGRADABLE_EXTENSIONS", "process_file", "process_tree",
           "process_tree_inplace"]

UPGRADABLE_EXTENSIONS = (".py", ".ipynb")


def process_file(input_path, output_path):
  """Upgrades one `.py` or `.ipynb` file.

  Args:
    input_path: the file to read.
    output_path: where to write the result; may equal `input_path`.
      A file that cannot be parsed is not written.

  Returns:
    A `report.FileReport`.

  Raises:
    ValueError: if the file is neither `.py` nor `.ipynb`.
    OSError: if the file cannot be read or written.
  """
  if not input_path.endswith(UPGRADABLE_EXTENSIONS):
    raise ValueError("{!r} is not a .py or .ipynb file.".format(input_path))
  with open(input_path, "rb") as handle:
    data = handle.read()
  try:
    encoding, text = _decode(data, input_path)
    if input_path.endswith(".ipynb"):
      result = upgrade_notebook(text, input_path)
    else:
      result = upgrade_source(text, input_path)
  except UpgradeError as error:
    return FileReport(input_path, None, [], error)
  new_text = result.text
  # An in-place run leaves unchanged files untouched, timestamps included.
  if new_text != text or os.path.abspath(input_path) != os.path.abspath(
      output_path):
    _make_parent(output_path)
    with open(output_path, "wb") as handle:
      handle.write(new_text.encode(encoding))
  return FileReport(input_path, output_path, result.log, None,
                    result.extras)


def process_tree(input_root, output_root, copy_other_files=True):
  """Upgrades every `.py` and `.ipynb` file under `input_root`.

  Files that cannot be parsed are copied unchanged, so the output tree
  is whole; their reports carry the error.

  Args:
    input_root: the directory to read.
    output_root: the directory to create; it must not exist yet.
    copy_other_files: also copy every other file across.

  Returns:
    A list of `report.FileReport`, one per upgradable file, in path order.

  Raises:
    ValueError: if `input_root` is not a directory or `output_root`
      already exists.
  """
  if not os.path.isdir(input_root):
    raise ValueError("--intree {!r} is not a directory.".format(input_root))
  if os.path.exists(output_root):
    raise ValueError("--outtree {!r} must not already exist.".format(
        output_root))
  reports = []
  skip = os.path.abspath(output_root)
  for relative in _walk(input_root, skip):
    source = os.path.join(input_root, relative)
    target = os.path.join(output_root, relative)
    if relative.endswith(UPGRADABLE_EXTENSIONS):
      report = process_file(source, target)
      if report.error is not None:
        _make_parent(target)
        shutil.copy2(source, target)
        report = report._replace(output=target)
      reports.append(report)
    elif copy_other_files:
      _make_parent(target)
      shutil.copy2(source, target)
  return reports


def process_tree_inplace(root):
  """Upgrades every `.py` and `.ipynb` file under `root` in place."""
  if not os.path.isdir(root):
    raise ValueError("--intree {!r} is not a directory.".format(root))
  return [process_file(os.path.join(root, relative),
                       os.path.join(root, relative))
          for relative in _walk(root, None)
          if relative.endswith(UPGRADABLE_EXTENSIONS)]


def _walk(root, skip):
  """Yields the relative paths of files under `root`, sorted."""
  for directory, subdirectories, filenames in os.walk(root):
    subdirectories[:] = sorted(
        name for name in subdirectories
        if os.path.abspath(os.path.join(directory, name)) != skip)
    for filename in sorted(filenames):
      yield os.path.relpath(os.path.join(directory, filename), root)


def _decode(data, path):
  if path.endswith(".ipynb"):
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
  else:
    try:
      encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
      raise UpgradeError(path, 1, 0, str(error))
  try:
    return encoding, data.decode(encoding)
  except UnicodeDecodeError as error:
    line = data[:error.start].count(b"\n") + 1
    raise UpgradeError(path, line, 0,
                       "not valid {} text: {}".format(encoding, error.reason))


def _make_parent(path):
  parent = os.path.dirname(path)
  if parent:
    os.makedirs(parent, exist_ok=True)
