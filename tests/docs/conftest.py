"""The documentation site, built once per test session with --strict."""

import importlib.util
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
HOOK_PATH = os.path.join(ROOT, "docs", "hooks", "api_reference.py")


def load_hook():
  """The mkdocs hook module, loaded from its file as mkdocs loads it."""
  spec = importlib.util.spec_from_file_location("api_reference", HOOK_PATH)
  module = importlib.util.module_from_spec(spec)
  spec.loader.exec_module(module)
  return module


class BuiltSite(object):
  """A built site: its directory and the build's log."""

  def __init__(self, directory, log):
    self.directory = directory
    self.log = log

  def path(self, *parts):
    return os.path.join(self.directory, *parts)

  def html(self, page):
    """The HTML of a page given by its URL path, e.g. "api/ed/BiGANInference"."""
    with open(self.path(page, "index.html"), encoding="utf-8") as handle:
      return handle.read()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
  """Runs `mkdocs build --strict` into a temporary directory."""
  if importlib.util.find_spec("mkdocs") is None:
    pytest.skip("mkdocs is not installed: pip install -e '.[docs]' (the "
                "test extra includes it)")
  site_dir = str(tmp_path_factory.mktemp("site"))
  result = subprocess.run(
      [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
       "--config-file", os.path.join(ROOT, "mkdocs.yml"),
       "--site-dir", site_dir],
      capture_output=True, text=True, cwd=ROOT, timeout=600,
      env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
  assert result.returncode == 0, (
      "mkdocs build --strict failed:\n" + result.stderr[-5000:])
  return BuiltSite(site_dir, result.stderr)
