"""Writes a benchmark's measured text between named markers in README.md."""

import os
import re

__all__ = ["README", "write_block"]

README = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))), "README.md")


def write_block(name, body, path=README):
  """Replaces what stands between `name`'s markers in `path` by `body`.

  Args:
    name: str. The markers are `<!-- BEGIN name -->` and `<!-- END name -->`.
    body: str. The new text between them, on lines of its own.
    path: str. The file to rewrite.

  Raises:
    ValueError: the file has no such pair of markers.
  """
  begin, end = "<!-- BEGIN {} -->".format(name), "<!-- END {} -->".format(name)
  with open(path, encoding="utf-8") as handle:
    text = handle.read()
  pattern = re.escape(begin) + ".*?" + re.escape(end)
  if not re.search(pattern, text, flags=re.S):
    raise ValueError("{} has no {} ... {} markers.".format(path, begin, end))
  text = re.sub(pattern, lambda _: "{}\n{}\n{}".format(begin, body, end), text,
                flags=re.S)
  with open(path, "w", encoding="utf-8") as handle:
    handle.write(text)
