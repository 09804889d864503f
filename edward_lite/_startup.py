"""Whether `edward_lite` is being imported only for its upgrade tool.

`import edward_lite.upgrade` runs `edward_lite/__init__.py` first, as an
import of any subpackage does, and that file imports TensorFlow: most of
the upgrade tool's start-up time, for a tool that only reads and writes
text. Python does not tell a package which of its submodules is on the
way, but the import machinery's frames, below the package's own, hold
the name that was asked for: `_find_and_load(name)` in importlib's
bootstrap, `_get_module_details(mod_name)` in runpy (`python -m`).

The walk stops at the first frame outside that machinery, so any other
caller (a user's module, a custom import hook) gets the full import, as
does any Python whose frames look different: the price of a wrong guess
is only TensorFlow's import time.
"""

import sys

__all__ = ["importing_only_the_upgrader"]

_PACKAGE = "edward_lite"
_UPGRADER = "edward_lite.upgrade"

# Modules whose frames run imports, by the `__name__` their functions see
# (importlib's bootstrap is frozen under the first names).
_IMPORT_MACHINERY = frozenset([
    "_frozen_importlib", "_frozen_importlib_external", "importlib",
    "importlib._bootstrap", "importlib._bootstrap_external", "runpy",
])


def importing_only_the_upgrader():
  """Tells whether the import now running `__init__` is the upgrader's.

  Call it from the package's `__init__` module body, and only there.

  Returns:
    True when the module asked for is `edward_lite.upgrade` or one of
    its submodules (`import edward_lite.upgrade`, `python -m
    edward_lite.upgrade`, the `edward-lite-upgrade` script); False for
    `import edward_lite` and every other case.
  """
  frame = sys._getframe(1)  # pylint: disable=protected-access
  while frame is not None:
    module = frame.f_globals.get("__name__")
    if module in _IMPORT_MACHINERY:
      requested = frame.f_locals.get("name", frame.f_locals.get("mod_name"))
      if isinstance(requested, str) and requested != _PACKAGE:
        return requested == _UPGRADER or requested.startswith(_UPGRADER + ".")
    elif module != _PACKAGE:
      return False
    frame = frame.f_back
  return False
