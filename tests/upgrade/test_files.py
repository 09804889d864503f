"""Reading and writing files and trees, in process."""

import os

import pytest

from edward_lite.upgrade import files


def _write(path, data):
  os.makedirs(os.path.dirname(path), exist_ok=True)
  with open(path, "wb") as handle:
    handle.write(data)


def _read(path):
  with open(path, "rb") as handle:
    return handle.read()


def test_declared_encoding_and_line_endings_are_kept(tmp_path):
  source = ("# -*- coding: latin-1 -*-\r\nimport edward as ed\r\n"
            "s = 'caf\xe9'\r\n").encode("latin-1")
  _write(str(tmp_path / "old.py"), source)
  report = files.process_file(str(tmp_path / "old.py"),
                              str(tmp_path / "out" / "new.py"))
  assert report.error is None
  assert _read(str(tmp_path / "out" / "new.py")) == (
      "# -*- coding: latin-1 -*-\r\nimport edward_lite as ed\r\n"
      "s = 'caf\xe9'\r\n").encode("latin-1")


def test_byte_order_mark_is_kept(tmp_path):
  _write(str(tmp_path / "old.py"), b"\xef\xbb\xbfimport edward as ed\n")
  files.process_file(str(tmp_path / "old.py"), str(tmp_path / "new.py"))
  assert _read(str(tmp_path / "new.py")) == (
      b"\xef\xbb\xbfimport edward_lite as ed\n")


def test_unparsable_file_is_not_written(tmp_path):
  _write(str(tmp_path / "old.py"), b"def broken(:\n")
  report = files.process_file(str(tmp_path / "old.py"),
                              str(tmp_path / "new.py"))
  assert (report.output, report.error.line) == (None, 1)
  assert not os.path.exists(str(tmp_path / "new.py"))


def test_tree_converts_copies_and_keeps_broken_files(tmp_path):
  root = tmp_path / "legacy"
  _write(str(root / "gan.py"), b"import edward as ed\n")
  _write(str(root / "data" / "README.md"), b"import edward as ed\n")
  _write(str(root / "data" / "broken.py"), b"print 'x'\n")
  reports = files.process_tree(str(root), str(tmp_path / "new"))
  assert [(os.path.relpath(r.input, str(root)), r.error is None)
          for r in reports] == [("gan.py", True),
                                (os.path.join("data", "broken.py"), False)]
  assert _read(str(tmp_path / "new" / "gan.py")) == (
      b"import edward_lite as ed\n")
  assert _read(str(tmp_path / "new" / "data" / "README.md")) == (
      b"import edward as ed\n")
  assert _read(str(tmp_path / "new" / "data" / "broken.py")) == b"print 'x'\n"


def test_tree_can_skip_other_files(tmp_path):
  _write(str(tmp_path / "legacy" / "notes.txt"), b"notes\n")
  assert files.process_tree(str(tmp_path / "legacy"), str(tmp_path / "new"),
                            copy_other_files=False) == []
  assert not os.path.exists(str(tmp_path / "new" / "notes.txt"))


def test_output_tree_must_not_exist(tmp_path):
  (tmp_path / "legacy").mkdir()
  (tmp_path / "new").mkdir()
  with pytest.raises(ValueError, match="must not already exist"):
    files.process_tree(str(tmp_path / "legacy"), str(tmp_path / "new"))


def test_in_place_tree_leaves_unchanged_files_untouched(tmp_path):
  _write(str(tmp_path / "a.py"), b"import edward as ed\n")
  _write(str(tmp_path / "b.py"), b"import os\n")
  os.utime(str(tmp_path / "b.py"), (1000000000, 1000000000))
  reports = files.process_tree_inplace(str(tmp_path))
  assert [len(report.log) for report in reports] == [1, 0]
  assert _read(str(tmp_path / "a.py")) == b"import edward_lite as ed\n"
  assert os.stat(str(tmp_path / "b.py")).st_mtime == 1000000000
