"""Which local name stands for which module or object, in one file.

The upgrade tool resolves `tf.contrib.slim.fully_connected` to
`tensorflow.contrib.slim.fully_connected` through these maps: the names
imports bind, the names assigned a module's attribute chain (`slim =
tf.contrib.slim`), and the submodule names a `from keras.layers import *`
bound. Scopes are not tracked, as in TensorFlow's own upgrade tool.
"""

import ast
import collections

from edward_lite.upgrade import spec
from edward_lite.upgrade.imports import match_rules

__all__ = ["assignment_aliases", "bound_names", "module_bindings",
           "star_aliases", "top"]


def top(module):
  """The top-level package of a dotted module name."""
  return module.split(".")[0]


def module_bindings(tree):
  """Maps each local name an import binds to the dotted name it means."""
  bindings = {}
  for node in ast.walk(tree):
    if isinstance(node, ast.Import):
      for alias in node.names:
        if alias.asname:
          bindings[alias.asname] = alias.name
        else:
          package = top(alias.name)
          bindings[package] = package
    elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
      for alias in node.names:
        if alias.name != "*":
          bindings[alias.asname or alias.name] = "{}.{}".format(node.module,
                                                               alias.name)
  return bindings


def assignment_aliases(tree, bindings):
  """Maps `name` to a dotted name for each `name = module.chain` line.

  Only names assigned once, not bound by an import, and whose chain a
  rule covers count: `slim = tf.contrib.slim` makes `slim.batch_norm`
  mean `tensorflow.contrib.slim.batch_norm`.
  """
  stores = collections.Counter(
      node.id for node in ast.walk(tree)
      if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load))
  aliases = {}
  for node in ast.walk(tree):
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and
            isinstance(node.targets[0], ast.Name) and
            isinstance(node.value, ast.Attribute)):
      continue
    name = node.targets[0].id
    names = []
    value = node.value
    while isinstance(value, ast.Attribute):
      names.append(value.attr)
      value = value.value
    if (not isinstance(value, ast.Name) or value.id not in bindings or
        name in bindings or stores[name] != 1):
      continue
    full = ".".join([bindings[value.id]] + names[::-1])
    if match_rules(full) != (None, None):
      aliases[name] = full
  return aliases


def star_aliases(tree, bound_names):
  """Maps each submodule name a `from M import *` bound to its dotted name.

  Only modules in `spec.STAR_SUBMODULES` count, and only names the file
  does not bind itself.
  """
  aliases = {}
  for node in ast.walk(tree):
    if (isinstance(node, ast.ImportFrom) and not node.level and
        node.module in spec.STAR_SUBMODULES and
        any(alias.name == "*" for alias in node.names)):
      for name in spec.STAR_SUBMODULES[node.module]:
        if name not in bound_names:
          aliases[name] = "{}.{}".format(node.module, name)
  return aliases


def bound_names(tree):
  """Returns every name the file binds anywhere, in any scope."""
  names = set()
  for node in ast.walk(tree):
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
      names.add(node.id)
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                           ast.ClassDef)):
      names.add(node.name)
    elif isinstance(node, ast.arg):
      names.add(node.arg)
    elif isinstance(node, ast.alias):
      names.add(node.asname or top(node.name))
    elif isinstance(node, (ast.Global, ast.Nonlocal)):
      names.update(node.names)
    elif isinstance(node, ast.ExceptHandler) and node.name:
      names.add(node.name)
  return names
