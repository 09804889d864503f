"""docs/import-side-effects.md names everything `import edward_lite` sets.

What the import sets is found two ways: by running it in a new process
(its changes to the environment and to the warnings filters, less those
that importing TensorFlow and TensorFlow Probability make themselves),
and by reading every write to `os.environ` in the modules that make
them, so that a variable set only in some case is not missed.
"""

import ast
import json
import os
import subprocess
import sys

import pytest

from tests.docs.conftest import ROOT

PAGE = os.path.join("docs", "import-side-effects.md")
SOURCES = [os.path.join("edward_lite", "_tf.py"),
           os.path.join("edward_lite", "_startup_log.py")]

_WHAT_CHANGES = """
import json, os, sys, warnings

env_before = dict(os.environ)
filters_before = list(warnings.filters)
for name in sys.argv[1:]:
  __import__(name)
eager = None
if "edward_lite" in sys.argv[1:]:
  from edward_lite._tf import tf
  eager = tf.executing_eagerly()
print(json.dumps({
    "env": {key: value for key, value in os.environ.items()
            if env_before.get(key) != value},
    "filters": [[entry[0], entry[1] and entry[1].pattern, entry[2].__name__]
                for entry in warnings.filters if entry not in filters_before],
    "eager": eager,
}))
"""


def _read(path):
  with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
    return handle.read()


@pytest.fixture(scope="module")
def page():
  return _read(PAGE)


@pytest.fixture(scope="module")
def own_changes():
  """(env, filters, eager) that `import edward_lite` makes itself."""
  # Without any TF_ variable of ours, so that every default it sets shows.
  env = {key: value for key, value in os.environ.items()
         if not key.startswith("TF_")}
  children = [subprocess.Popen([sys.executable, "-c", _WHAT_CHANGES] + names,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, cwd=ROOT, text=True)
              for names in (["edward_lite"],
                            ["tensorflow", "tensorflow_probability"])]
  results = []
  for child in children:
    stdout, stderr = child.communicate(timeout=600)
    assert child.returncode == 0, stderr[-3000:]
    results.append(json.loads(stdout.splitlines()[-1]))
  ours, tensorflows = results
  env = {key: value for key, value in ours["env"].items()
         if tensorflows["env"].get(key) != value}
  filters = [entry for entry in ours["filters"]
             if entry not in tensorflows["filters"]]
  return env, filters, ours["eager"]


def _module_strings(tree):
  """Module-level `NAME = "text"` assignments of a parsed module."""
  found = {}
  for node in tree.body:
    if (isinstance(node, ast.Assign) and len(node.targets) == 1 and
        isinstance(node.targets[0], ast.Name) and
        isinstance(node.value, ast.Constant) and
        isinstance(node.value.value, str)):
      found[node.targets[0].id] = node.value.value
  return found


def _is_os_environ(node):
  return (isinstance(node, ast.Attribute) and node.attr == "environ" and
          isinstance(node.value, ast.Name) and node.value.id == "os")


def environment_writes(source):
  """Every variable that `source` writes to `os.environ`.

  Args:
    source: str. Python source.

  Returns:
    dict of variable to value, from each `os.environ[...] = ...` and
    `os.environ.setdefault(...)`, with module-level string constants
    resolved.
  """
  tree = ast.parse(source)
  strings = _module_strings(tree)

  def value_of(node):
    if isinstance(node, ast.Constant):
      return node.value
    if isinstance(node, ast.Name):
      return strings.get(node.id)
    return None

  writes = {}
  for node in ast.walk(tree):
    if isinstance(node, ast.Assign):
      for target in node.targets:
        if isinstance(target, ast.Subscript) and _is_os_environ(target.value):
          writes[value_of(target.slice)] = value_of(node.value)
    elif (isinstance(node, ast.Call) and
          isinstance(node.func, ast.Attribute) and
          node.func.attr == "setdefault" and _is_os_environ(node.func.value)):
      writes[value_of(node.args[0])] = value_of(node.args[1])
  return writes


def test_environment_writes_are_found_in_source():
  source = """
LEVEL = "TF_A"
os.environ.setdefault("TF_B", "1")
os.environ[LEVEL] = "2"
other["TF_C"] = "3"
"""
  assert environment_writes(source) == {"TF_B": "1", "TF_A": "2"}


def test_the_import_sets_what_its_source_writes(own_changes):
  env, _, _ = own_changes
  written = {}
  for path in SOURCES:
    written.update(environment_writes(_read(path)))
  # Nothing is set at import that the source scan would not see, and the
  # scan found the variables (a scan finding nothing would pass below).
  assert env == written


@pytest.mark.parametrize("path", SOURCES)
def test_page_names_every_variable_the_source_writes(page, path):
  writes = environment_writes(_read(path))
  for name, value in writes.items():
    assert "`{}={}`".format(name, value) in page, name


def test_page_names_every_variable_the_import_sets(page, own_changes):
  env, _, _ = own_changes
  assert env, "the import is known to set TF_USE_LEGACY_KERAS at least"
  for name, value in env.items():
    assert "`{}={}`".format(name, value) in page, name


def test_page_shows_how_to_undo_every_warnings_filter(page, own_changes):
  _, filters, _ = own_changes
  assert filters, "the import is known to add the tf.layers filter"
  for action, message, category in filters:
    assert action == "ignore"
    # The undo snippet re-enables exactly what the filter hides.
    assert ('warnings.filterwarnings("default", message=r"{}", '
            'category={})'.format(message, category)) in page


def test_page_names_graph_mode(page, own_changes):
  _, _, eager = own_changes
  assert eager is False
  assert "`tf.compat.v1.disable_eager_execution()`" in page


def test_page_says_the_import_leaves_xla_alone(page):
  assert "`import edward_lite` does not touch the flag" in page
  assert "TF_XLA_FLAGS=--tf_xla_cpu_global_jit" in page


def test_page_is_in_the_nav_and_linked_from_readme_and_home():
  assert "import-side-effects.md" in _read("mkdocs.yml")
  assert "](docs/import-side-effects.md)" in _read("README.md")
  assert "](import-side-effects.md)" in _read(os.path.join("docs",
                                                           "index.md"))
