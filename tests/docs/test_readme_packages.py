"""The README's package list names every public subpackage."""

import os
import pkgutil
import re

import edward_lite

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def _package_list():
  with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
    text = handle.read()
  section = text.split("## What is in the package")[1].split("\n## ")[0]
  return section


def test_every_public_subpackage_is_listed():
  listed = set(re.findall(r"^- `edward_lite\.(\w+)`", _package_list(), re.M))
  # Every subpackage of the library, read from its directory so that a
  # new one cannot be missed; the upgrade tool has its own section.
  subpackages = {module.name for module in pkgutil.iter_modules(
      edward_lite.__path__) if module.ispkg and not module.name.startswith("_")}
  assert listed == subpackages - {"upgrade"}
  assert {"inferences", "layers", "criticisms"} <= listed


def test_criticisms_entry_names_only_public_functions():
  entry = _package_list().split("`edward_lite.criticisms`")[1].split(
      "\n- ")[0]
  named = set(re.findall(r"`(\w+)`", entry))
  assert named - {"ed", "evaluate", "ppc"} <= set(
      edward_lite.criticisms.__all__)
  assert {"anomaly_score", "modes_covered"} <= named
