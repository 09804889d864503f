"""The public names of edward_lite's modules, read from their source.

The upgrade tool warns about every Edward name that edward_lite does not
have, so it must know which names edward_lite has. Importing the package
would import TensorFlow, which the tool never does; a copy of the lists
would drift. So the `__all__` of each module is read from its source
file with `ast`: a list or tuple of strings, sums of them, and
`list(module.__all__)` of a module it imports.
"""

import ast
import functools
import os

__all__ = ["public_names"]

_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@functools.lru_cache(maxsize=None)
def public_names(module):
  """Returns the `__all__` of an edward_lite module, without importing it.

  Args:
    module: dotted name starting with `edward_lite`, e.g.
      `edward_lite.models`.

  Returns:
    A frozenset of str; empty when the source cannot be found or its
    `__all__` is not written in a form this reader knows.
  """
  path = _source_path(module)
  if path is None:
    return frozenset()
  with open(path, encoding="utf-8") as handle:
    tree = ast.parse(handle.read(), path)
  imported = _imported_modules(tree, module, path.endswith("__init__.py"))
  for node in tree.body:
    if (isinstance(node, ast.Assign) and len(node.targets) == 1 and
        isinstance(node.targets[0], ast.Name) and
        node.targets[0].id == "__all__"):
      names = _evaluate(node.value, imported)
      return frozenset(names) if names is not None else frozenset()
  return frozenset()


def _source_path(module):
  parts = module.split(".")
  if parts[0] != "edward_lite":
    return None
  base = os.path.join(_PACKAGE_ROOT, *parts[1:])
  for path in (os.path.join(base, "__init__.py"), base + ".py"):
    if os.path.isfile(path):
      return path
  return None


def _imported_modules(tree, module, is_package):
  """Maps local names to the edward_lite modules a file imports."""
  package = module if is_package else module.rpartition(".")[0]
  imported = {}
  for node in tree.body:
    if isinstance(node, ast.ImportFrom):
      if node.level:
        base = package.split(".")
        base = base[:len(base) - node.level + 1]
        source = ".".join(base + ([node.module] if node.module else []))
      else:
        source = node.module or ""
      for alias in node.names:
        imported[alias.asname or alias.name] = "{}.{}".format(source,
                                                              alias.name)
    elif isinstance(node, ast.Import):
      for alias in node.names:
        if alias.asname:
          imported[alias.asname] = alias.name
  return imported


def _evaluate(node, imported):
  """The list of names `node` stands for, or None if unknown."""
  if isinstance(node, (ast.List, ast.Tuple)):
    names = [element.value for element in node.elts
             if isinstance(element, ast.Constant) and
             isinstance(element.value, str)]
    return names if len(names) == len(node.elts) else None
  if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
    left = _evaluate(node.left, imported)
    right = _evaluate(node.right, imported)
    return None if left is None or right is None else left + right
  if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and
      node.func.id in ("list", "tuple") and len(node.args) == 1):
    return _evaluate(node.args[0], imported)
  if (isinstance(node, ast.Attribute) and node.attr == "__all__" and
      isinstance(node.value, ast.Name) and node.value.id in imported):
    names = public_names(imported[node.value.id])
    return sorted(names) if names else None
  return None
