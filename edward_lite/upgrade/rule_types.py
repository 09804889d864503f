"""The kinds of rule `spec` and `keras_spec` are written in (see `spec`)."""

import collections

__all__ = ["CallRename", "Removed", "Rename", "Unsupported"]

Rename = collections.namedtuple(
    "Rename", ["module", "attribute", "why", "exact", "import_name"])
Rename.__new__.__defaults__ = ("", "", False, False)
Rename.__doc__ = """A name with a successor.

Args:
  module: the module that replaces the name, loadable by `import`.
  attribute: a dotted path inside `module`, or "" for the module itself.
  why: one sentence for the report on why the successor is right.
  exact: match only the key itself, not names under it (`tensorflow`
    becomes `tensorflow.compat.v1`, but `tensorflow.python...` does not).
  import_name: bring the successor in as `from module import attribute`
    and use the bare name, instead of `import module as alias`.
"""

Removed = collections.namedtuple("Removed", ["advice"])
Removed.__doc__ = """A name with no successor: left as it is, reported."""

Unsupported = collections.namedtuple("Unsupported", ["advice"])
Unsupported.__doc__ = """An Edward name edward_lite lacks: reported only."""

CallRename = collections.namedtuple(
    "CallRename", ["module", "attribute", "keywords", "why"])
CallRename.__doc__ = """A rename that holds only for some calls.

Args:
  module, attribute: the successor, as in `Rename`.
  keywords: the call may pass only these keyword arguments and no
    positional ones; any other use falls back to `RULES`.
  why: one sentence for the report.
"""
