"""The floors of the house, read from the package's source with `ast`.

`edward_lite/__init__` -> inferences -> models -> util -> `_tf`, each
floor importing only from the floors below it; criticisms above the
inferences; datasets and the upgrader apart (the upgrader imports no
TensorFlow); nothing in the package imports the examples, benchmarks or
tests. No module imports inside a function, where a late import could
hide a circle, except the few third-party imports listed below with
the reason each is late.
"""

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "edward_lite")

# What each floor may import from edward_lite (its own floor included).
# A floor is a subpackage, or a top-level module by its own name.
ALLOWED = {
    "__init__": {"_startup", "_tf", "criticisms", "inferences", "models",
                 "util", "version"},
    "_startup": set(),
    "_startup_log": set(),
    "_legacy_keras": set(),
    "version": set(),
    "_tf": {"_legacy_keras", "_startup_log"},
    "util": {"_tf", "util"},
    "models": {"_tf", "util", "models"},
    "inferences": {"_tf", "util", "models", "inferences"},
    "criticisms": {"_tf", "util", "models", "inferences", "criticisms"},
    "layers": {"_tf", "layers"},
    "datasets": {"datasets"},
    "upgrade": {"upgrade"},
}

TENSORFLOW_PACKAGES = {"tensorflow", "tensorflow_probability", "tf_keras",
                       "tf_slim", "keras"}
OUTSIDE_THE_PACKAGE = {"examples", "benchmarks", "tests", "notebooks"}

# (module path, imported module): imports that happen inside a function
# on purpose. None of them is of edward_lite itself.
LATE_IMPORTS = {
    # The public API is loaded on first use after an upgrader-only import,
    # which must not import TensorFlow (see _startup.py).
    ("__init__.py", "edward_lite._tf"): "lazy API",
    ("__init__.py", "edward_lite.criticisms"): "lazy API",
    ("__init__.py", "edward_lite.inferences"): "lazy API",
    ("__init__.py", "edward_lite.models"): "lazy API",
    ("__init__.py", "edward_lite.util"): "lazy API",
    ("__init__.py", "edward_lite.version"): "lazy API",
    # TensorFlow's private eager context, read only when leaving eager mode.
    ("_tf.py", "tensorflow.python.eager"): "private, only when needed",
    # A private tf_keras module that other tf_keras versions may not have.
    ("_tf.py", "tf_keras.src"): "may be missing",
    # scikit-learn is optional: only these functions need it.
    ("criticisms/anomaly.py", "sklearn.metrics"): "optional dependency",
    ("criticisms/probes.py", "sklearn.linear_model"): "optional dependency",
    ("criticisms/probes.py", "sklearn.model_selection"): "optional dependency",
    ("datasets/bundled.py", "sklearn.datasets"): "optional dependency",
    # TensorFlow's own gRPC, needed only to probe a cluster's servers.
    ("inferences/_distributed/cluster.py", "grpc"): "only for a cluster",
    # tf_slim is used only when the user's script already imported it.
    ("layers/batch_norm.py", "tf_slim.ops"): "only if loaded",
}


def _sources():
  """{path relative to edward_lite/: parsed module} of every module."""
  found = {}
  for directory, _, files in os.walk(PACKAGE):
    for name in files:
      if name.endswith(".py"):
        path = os.path.join(directory, name)
        with open(path, encoding="utf-8") as handle:
          relative = os.path.relpath(path, PACKAGE).replace(os.sep, "/")
          found[relative] = ast.parse(handle.read(), relative)
  return found


SOURCES = _sources()


def _floor(relative):
  parts = relative[:-len(".py")].split("/")
  return parts[0]


def _imported(node):
  """The dotted names an import statement loads."""
  if isinstance(node, ast.Import):
    return [alias.name for alias in node.names]
  if node.level:
    raise AssertionError("relative import at line {}".format(node.lineno))
  # `from edward_lite import _tf` loads edward_lite._tf.
  return [node.module + "." + alias.name for alias in node.names]


def _imports(tree):
  """(dotted name, inside a function) for every import in `tree`."""
  found = []

  def visit(node, in_function):
    for child in ast.iter_child_nodes(node):
      if isinstance(child, (ast.Import, ast.ImportFrom)):
        found.extend((name, in_function) for name in _imported(child))
      visit(child, in_function or isinstance(
          child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

  visit(tree, False)
  return found


def test_the_package_has_every_floor_it_is_checked_against():
  assert {_floor(relative) for relative in SOURCES} == set(ALLOWED)


@pytest.mark.parametrize("relative", sorted(SOURCES))
def test_each_module_imports_only_from_its_floor_and_those_below(relative):
  floor = _floor(relative)
  for name, _ in _imports(SOURCES[relative]):
    parts = name.split(".")
    assert parts[0] not in OUTSIDE_THE_PACKAGE, (relative, name)
    if parts[0] == "edward_lite":
      assert parts[1] in ALLOWED[floor], (relative, name)


@pytest.mark.parametrize("relative", sorted(
    r for r in SOURCES if _floor(r) in ("upgrade", "datasets")))
def test_the_upgrader_and_datasets_import_no_tensorflow(relative):
  for name, _ in _imports(SOURCES[relative]):
    assert name.split(".")[0] not in TENSORFLOW_PACKAGES, (relative, name)


def test_no_import_inside_a_function_but_the_listed_ones():
  late = set()
  for relative, tree in SOURCES.items():
    for name, in_function in _imports(tree):
      if in_function:
        # `from a.b import c` is listed by its module, a.b.
        module = name if (relative, name) in LATE_IMPORTS else (
            name.rpartition(".")[0])
        late.add((relative, module))
  assert late == set(LATE_IMPORTS)


def test_the_checks_find_a_late_import_and_a_floor_broken():
  tree = ast.parse("import os\n"
                   "def f():\n"
                   "  from edward_lite.models import Normal\n"
                   "  return Normal\n")
  assert _imports(tree) == [("os", False),
                            ("edward_lite.models.Normal", True)]
  assert "models" not in ALLOWED["util"]
