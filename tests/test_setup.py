"""setup.py: what each extra installs, read by running the file itself."""

import os
import runpy
import sys
from unittest import mock

from edward_lite.upgrade import spec

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _setup_arguments():
  """The keyword arguments setup.py gives `setuptools.setup`."""
  captured = {}
  with mock.patch("setuptools.setup", lambda **kwargs: captured.update(
      kwargs)):
    runpy.run_path(os.path.join(ROOT, "setup.py"))
  return captured


def _module_names(requirements):
  """The import names of distributions `tf_slim`, `tensorflow-probability`."""
  return set(requirement.split("[")[0].split(">")[0].split("=")[0].strip()
             .replace("-", "_").lower() for requirement in requirements)


def test_legacy_extra_holds_tf_slim_and_tensorboard():
  extras = _setup_arguments()["extras_require"]
  assert _module_names(extras["legacy"]) == {"tf_slim", "tensorboard"}


def test_test_extra_installs_everything_the_legacy_extra_does():
  extras = _setup_arguments()["extras_require"]
  assert set(extras["legacy"]) <= set(extras["test"])


def test_every_module_the_upgrade_tool_can_bring_in_is_installed():
  """Core install, or the extra the report names for it (spec.EXTRAS)."""
  arguments = _setup_arguments()
  core = _module_names(arguments["install_requires"]) | {"edward_lite"}
  # Python's own modules (np.float becomes builtins.float) need no install.
  core |= set(getattr(sys, "stdlib_module_names", {"builtins"}))
  targets = set(rule.module.split(".")[0] for rule in list(
      spec.RULES.values()) + list(spec.CALL_RULES.values())
                if isinstance(rule, (spec.Rename, spec.CallRename)))
  assert targets - core == set(spec.EXTRAS)
  for module, extra in spec.EXTRAS.items():
    assert module in _module_names(arguments["extras_require"][extra])
    assert module not in core


def test_pytorch_is_only_the_benchmark_extra():
  """CI installs the test extra without torch; only benchmarks use it."""
  arguments = _setup_arguments()
  extras = arguments["extras_require"]
  assert _module_names(extras["bench"]) == {"torch"}
  for name, requirements in list(extras.items()) + [
      ("install_requires", arguments["install_requires"])]:
    if name != "bench":
      assert "torch" not in _module_names(requirements), name
