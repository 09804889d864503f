"""Shared pytest set-up: a fresh graph and session per test, and --slow."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# Tests call initialize(xla=True) after other tests ran graphs, and
# TensorFlow reads its CPU auto-clustering flag at the process's first
# graph run: this process takes it from the start, as the docs tell users
# in that case (docs/import-side-effects.md). Other sessions are unaffected.
if "--tf_xla_cpu_global_jit" not in os.environ.get("TF_XLA_FLAGS", ""):
  os.environ["TF_XLA_FLAGS"] = " ".join(
      filter(None, [os.environ.get("TF_XLA_FLAGS"), "--tf_xla_cpu_global_jit"]))

import pytest  # noqa: E402

import edward_lite  # noqa: E402,F401  (graph mode before any test module)
from tests import test_util  # noqa: E402


def pytest_addoption(parser):
  parser.addoption("--slow", action="store_true", default=False,
                   help="also run the learning checks marked slow")


def pytest_collection_modifyitems(config, items):
  if config.getoption("--slow"):
    return
  skip_slow = pytest.mark.skip(reason="slow learning check: pass --slow")
  for item in items:
    if "slow" in item.keywords:
      item.add_marker(skip_slow)


@pytest.fixture
def sess():
  """A fresh default graph, a default session on it, and seed 42."""
  with test_util.fresh_session(seed=42) as session:
    yield session


@pytest.fixture
def graph(sess):
  return sess.graph
