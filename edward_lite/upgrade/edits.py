"""Text edits at syntax-tree positions, leaving every other byte alone.

`ast` gives each node a line (from 1) and a column counted in UTF-8
bytes. `SourceText` turns those into offsets in the Python string, so a
non-ASCII comment or string earlier on the line cannot shift an edit,
and `EditList` applies replacements from the end of the text backwards.
Only the spans edited change; comments, strings, blank lines and line
endings elsewhere come out exactly as they went in.
"""

import re

__all__ = ["SourceText", "EditList"]

# The line breaks Python's tokenizer knows; str.splitlines() knows more
# (form feed, U+2028, ...) and would disagree with ast's line numbers.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class SourceText(object):
  """A source string with line-and-column to offset conversion.

  Args:
    text: the whole source, as a str.
  """

  def __init__(self, text):
    self.text = text
    self._line_starts = [0]
    for match in _LINE_BREAK.finditer(text):
      self._line_starts.append(match.end())

  def line(self, lineno):
    """Returns line `lineno` (from 1) without its line break."""
    start = self._line_starts[lineno - 1]
    end = (self._line_starts[lineno] if lineno < len(self._line_starts)
           else len(self.text))
    return _LINE_BREAK.sub("", self.text[start:end])

  def offset(self, lineno, byte_col):
    """Returns the string offset of `ast` position (lineno, byte_col)."""
    line = self.line(lineno)
    if line.isascii():
      char_col = byte_col
    else:
      char_col = len(line.encode("utf-8")[:byte_col].decode("utf-8"))
    return self._line_starts[lineno - 1] + char_col

  def span(self, node):
    """Returns the (start, end) string offsets of an `ast` node."""
    return (self.offset(node.lineno, node.col_offset),
            self.offset(node.end_lineno, node.end_col_offset))

  def segment(self, node):
    start, end = self.span(node)
    return self.text[start:end]

  def line_start(self, lineno):
    return self._line_starts[lineno - 1]

  def after_line(self, lineno):
    """Returns the offset where line `lineno + 1` starts (or the end)."""
    if lineno < len(self._line_starts):
      return self._line_starts[lineno]
    return len(self.text)

  def ends_with_newline(self):
    return bool(_LINE_BREAK.search(self.text[-2:])) if self.text else True

  def newline(self):
    """Returns the file's own line break, so inserted lines match it."""
    match = _LINE_BREAK.search(self.text)
    return match.group(0) if match else "\n"

  def indentation(self, lineno):
    line = self.line(lineno)
    return line[:len(line) - len(line.lstrip(" \t"))]


class EditList(object):
  """Replacements of [start, end) spans of a text, applied all at once.

  Insertions (start == end) at one offset keep the order they were added.
  Overlapping replacements mean the walk went wrong, so they raise.
  """

  def __init__(self):
    self._edits = []

  def __len__(self):
    return len(self._edits)

  def replace(self, start, end, text):
    self._edits.append((start, end, len(self._edits), text))

  def insert(self, offset, text):
    self.replace(offset, offset, text)

  def apply(self, text):
    """Returns `text` with every edit made."""
    ordered = sorted(self._edits)
    for before, after in zip(ordered, ordered[1:]):
      if after[0] < before[1]:
        raise AssertionError(
            "overlapping edits at offsets {} and {}".format(before[:2],
                                                            after[:2]))
    pieces = []
    position = 0
    for start, end, _, replacement in ordered:
      pieces.append(text[position:start])
      pieces.append(replacement)
      position = end
    pieces.append(text[position:])
    return "".join(pieces)
