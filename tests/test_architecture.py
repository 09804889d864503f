"""The floors of the house, read from the package's source with `ast`.

`edward_lite/__init__` -> inferences -> models -> util -> `_tf`, each
floor importing only from the floors below it; criticisms above the
inferences; datasets and the upgrader apart (the upgrader imports no
TensorFlow); nothing in the package imports the examples, benchmarks or
tests. No module imports inside a function, where a late import could
hide a circle, except the few third-party imports listed below with
the reason each is late; no two modules import each other, however far
round; no module is over 400 lines.

Inside the inferences, the private subpackages (the rooms) never import
the algorithm files, only `errors.py`, and import one another as the
rule in `edward_lite/inferences/__init__.py`'s docstring says; each room
opens with a docstring that names every module in it.
"""

import ast
import os
import re

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
    ("layers/_slim_plumbing.py", "tf_slim.ops"): "only if loaded",
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


MAX_LINES = 400


@pytest.mark.parametrize("relative", sorted(SOURCES))
def test_no_module_is_over_400_lines(relative):
  with open(os.path.join(PACKAGE, relative), encoding="utf-8") as handle:
    assert len(handle.read().splitlines()) <= MAX_LINES, relative


def _module_of(name):
  """The module of `edward_lite` that importing `name` runs, or None.

  `edward_lite.a.b` is a.b's module or package; a name that is neither
  is an attribute of the module before it (`from a import name`).
  """
  parts = name.split(".")[1:]
  while parts:
    for candidate in ("/".join(parts) + ".py",
                      "/".join(parts) + "/__init__.py"):
      if candidate in SOURCES:
        return candidate
    parts = parts[:-1]
  return "__init__.py" if name == "edward_lite" else None


def _module_imports():
  """{module: modules of edward_lite it imports at the top}."""
  found = {}
  for relative, tree in SOURCES.items():
    found[relative] = set()
    for name, in_function in _imports(tree):
      if name.split(".")[0] == "edward_lite" and not in_function:
        module = _module_of(name)
        if module is not None and module != relative:
          found[relative].add(module)
  return found


def test_no_two_modules_import_each_other_however_far_round():
  graph = _module_imports()
  done, on_path = set(), []

  def visit(module):
    if module in on_path:
      raise AssertionError("import cycle: " + " -> ".join(
          on_path[on_path.index(module):] + [module]))
    if module in done:
      return
    on_path.append(module)
    for imported in sorted(graph[module]):
      visit(imported)
    on_path.pop()
    done.add(module)

  for module in sorted(graph):
    visit(module)


INFERENCES = "inferences/"


def _rooms():
  """The private subpackages of the inferences."""
  return sorted({relative[len(INFERENCES):].split("/")[0]
                 for relative in SOURCES
                 if relative.startswith(INFERENCES + "_") and
                 relative.count("/") == 2})


def _rooms_rule():
  """{room: rooms it may import}, from the inferences' docstring."""
  doc = ast.get_docstring(SOURCES[INFERENCES + "__init__.py"])
  rule = {}
  for line in doc.splitlines():
    match = re.match(r"^ {4}(_\w+):\s+(.+)$", line)
    if match:
      named = match.group(2).strip()
      rule[match.group(1)] = (set() if named == "nothing" else
                              {room.strip() for room in named.split(",")})
  return rule


ROOMS_RULE = _rooms_rule()


def test_the_rule_names_every_room_and_only_rooms():
  assert sorted(ROOMS_RULE) == _rooms()
  for allowed in ROOMS_RULE.values():
    assert allowed <= set(ROOMS_RULE)


@pytest.mark.parametrize("relative", sorted(
    r for r in SOURCES if r.startswith(INFERENCES + "_") and r.count("/") == 2))
def test_a_room_imports_only_the_rooms_the_rule_allows_and_errors(relative):
  room = relative[len(INFERENCES):].split("/")[0]
  allowed = ROOMS_RULE[room] | {room, "errors"}
  for name, _ in _imports(SOURCES[relative]):
    parts = name.split(".")
    if parts[:2] == ["edward_lite", "inferences"]:
      # `from edward_lite.inferences import x` loads x.
      assert len(parts) > 2 and parts[2] in allowed, (relative, name)


def test_errors_imports_nothing_of_the_inferences():
  for name, _ in _imports(SOURCES[INFERENCES + "errors.py"]):
    assert not name.startswith("edward_lite.inferences"), name


@pytest.mark.parametrize("room", _rooms())
def test_each_room_opens_with_its_map(room):
  doc = ast.get_docstring(SOURCES[INFERENCES + room + "/__init__.py"])
  assert doc, room
  modules = sorted(relative.rsplit("/", 1)[1] for relative in SOURCES
                   if relative.startswith(INFERENCES + room + "/") and
                   not relative.endswith("__init__.py"))
  assert modules, room
  for module in modules:
    assert "`{}`".format(module) in doc, (room, module)
  # A map, not a door: the room's modules are imported by name.
  assert all(isinstance(node, ast.Expr) for node in
             SOURCES[INFERENCES + room + "/__init__.py"].body), room


def test_the_checks_read_the_rule_and_resolve_modules():
  assert ROOMS_RULE["_running"] == set()
  assert ROOMS_RULE["_distributed"] == {"_setup", "_adversarial"}
  assert _module_of("edward_lite.inferences._running.fast_path") == (
      "inferences/_running/fast_path.py")
  assert _module_of("edward_lite.inferences._running.fast_path.start") == (
      "inferences/_running/fast_path.py")
  assert _module_of("edward_lite.inferences") == "inferences/__init__.py"
