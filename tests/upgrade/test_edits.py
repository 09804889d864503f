"""Positions and edits on the original text."""

import ast

import pytest

from edward_lite.upgrade.edits import EditList, SourceText


def test_offsets_convert_utf8_byte_columns_to_characters():
  text = "a = 'ßé'; b = tf\r\nc = 1\rd = 2\n"
  source = SourceText(text)
  name = [node for node in ast.walk(ast.parse(text))
          if isinstance(node, ast.Name) and node.id == "tf"][0]
  assert name.col_offset == 16  # bytes: 'ß' and 'é' take two each.
  assert source.span(name) == (14, 16)
  assert text[14:16] == "tf"
  assert [source.line(number) for number in (1, 2, 3, 4)] == [
      "a = 'ßé'; b = tf", "c = 1", "d = 2", ""]
  assert source.newline() == "\r\n"


def test_form_feed_is_not_a_line_break():
  source = SourceText("x = 1\x0c\ny = 2\n")
  assert [source.line(number) for number in (1, 2, 3)] == [
      "x = 1\x0c", "y = 2", ""]


def test_edits_apply_from_the_end_and_keep_insertion_order():
  edits = EditList()
  edits.replace(4, 10, "edward_lite")
  edits.insert(0, "# one\n")
  edits.insert(0, "# two\n")
  assert edits.apply("abc edward xyz") == "# one\n# two\nabc edward_lite xyz"


def test_overlapping_edits_are_a_bug():
  edits = EditList()
  edits.replace(0, 5, "a")
  edits.replace(3, 8, "b")
  with pytest.raises(AssertionError, match=r"overlapping edits at offsets "
                                           r"\(0, 5\) and \(3, 8\)"):
    edits.apply("0123456789")
