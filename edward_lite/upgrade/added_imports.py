"""The imports the rewritten text needs, and where added lines go.

A rewritten name may need a module or object the file does not import
yet. `ImportAdder.reference` (pass 2) names it, reusing a binding the
file has or adding an import placed after the top-level statement that
binds the name's root. Pass 4 (`insert_added_imports`) writes the added
imports in, putting them in place of the import statements that pass 3
left with no names or deleting those, and `insert_graph_mode_import`
adds `import edward_lite` before the first TensorFlow import of a file
that imports no edward_lite module.
"""

import ast
import collections

from edward_lite.upgrade import spec
from edward_lite.upgrade.bindings import top
from edward_lite.upgrade.imports import match_rules, successor

__all__ = ["ImportAdder", "imported_modules"]


class ImportAdder(object):
  """Adds the imports one file's rewritten text needs.

  Args:
    upgrader: the `upgrader._FileUpgrader` running on the file; its
      source, tree, edits, bindings, bound names and log are shared.
  """

  def __init__(self, upgrader):
    self.up = upgrader
    self.source = upgrader.source
    # Imports the new text needs: key -> (statement, local, anchor).
    self.added = collections.OrderedDict()

  def reference(self, target, use):
    """Returns code naming `target`, adding an import if it needs one.

    Args:
      target: a `imports.Target` (module plus attribute path).
      use: the node whose root name needs the target; the new import
        goes after the top-level statement that binds that root.
    """
    full = target.full
    if target.module == "builtins":
      return target.attribute  # Python's own names need no import.
    local = self._existing_local(full)
    if local:
      return local
    anchor = self._anchor_for(use)
    if target.import_name and "." not in target.attribute:
      name = target.attribute
      if name not in self.up.bound_names or full in self.added:
        return self._add_import(
            full, "from {} import {}".format(target.module, name), name,
            anchor, use)
    module_local = self._existing_local(target.module)
    if not module_local:
      preferred = spec.IMPORT_ALIASES.get(target.module,
                                          target.module.split(".")[-1])
      module_local = self._free_name(preferred, target.module)
      statement = "import {}".format(target.module)
      if module_local != target.module:
        statement += " as {}".format(module_local)
      module_local = self._add_import(target.module, statement, module_local,
                                      anchor, use)
    if target.attribute:
      return "{}.{}".format(module_local, target.attribute)
    return module_local

  def _existing_local(self, full):
    if full in self.added:
      return self.added[full][1]
    for local, bound in self.up.bindings.items():
      if local in self.up.assigned_aliases:
        continue  # `slim = tf.contrib.slim` needs `import tf_slim` itself.
      action, _ = match_rules(bound)
      if action and isinstance(action[1], spec.Rename):
        bound = successor(bound, action[0], action[1]).full
      if bound == full:
        return local
    return None

  def _free_name(self, preferred, key):
    local = preferred
    while local in self.up.bound_names and key not in self.added:
      local += "_"
    return local

  def _add_import(self, key, statement, local, anchor, use):
    if key not in self.added:
      self.added[key] = (statement, local, anchor)
      self.up.bound_names.add(local)
      self.up.info(use, "Added '{}' for the rewritten code on this "
                     "line.".format(statement))
    return self.added[key][1]

  def _anchor_for(self, use):
    """Returns the top-level statement the import for `use` follows.

    That is the statement binding the root name of `use`, unless it is a
    function or class (a local import), whose added import goes after
    the module's last import above it instead.
    """
    root = use
    while isinstance(root, ast.Attribute):
      root = root.value
    name = getattr(root, "id", None)
    for statement in self.up.tree.body:
      if any(isinstance(node, (ast.Import, ast.ImportFrom)) and any(
          (alias.asname or alias.name.split(".")[0]) == name
          for alias in node.names) for node in ast.walk(statement)):
        break
    else:
      statement = None
    limit = statement.lineno if statement else use.lineno
    if statement is not None and not isinstance(
        statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
      return statement
    imports = [statement for statement in self.up.tree.body
               if isinstance(statement, (ast.Import, ast.ImportFrom)) and
               statement.lineno <= limit]
    return imports[-1] if imports else None

  # Pass 4: added lines.

  def insert_added_imports(self, dropped_statements):
    by_anchor = collections.OrderedDict()
    for statement, _, anchor in self.added.values():
      by_anchor.setdefault(anchor, []).append(statement)
    newline = self.source.newline()
    for dropped in dropped_statements:
      if dropped in by_anchor:
        indent = self.source.indentation(dropped.lineno)
        self._replace_node(dropped,
                           (newline + indent).join(by_anchor.pop(dropped)))
      else:
        self._delete_statement(dropped)
    for anchor, statements in by_anchor.items():
      lines = "".join(statement + newline for statement in statements)
      if anchor is None:
        offset = self._first_code_offset()
      else:
        offset = self.source.after_line(anchor.end_lineno)
        if (offset == len(self.source.text) and
            not self.source.ends_with_newline()):
          lines = newline + lines[:-len(newline)]
      self.up.edits.insert(offset, lines)

  def _replace_node(self, node, text):
    start, end = self.source.span(node)
    self.up.edits.replace(start, end, text)

  def _delete_statement(self, node):
    """Deletes a statement: its whole lines when it has them to itself."""
    start, end = self.source.span(node)
    line_start = self.source.line_start(node.lineno)
    line_end = self.source.after_line(node.end_lineno)
    rest = self.source.text[end:line_end]
    if (not self.source.text[line_start:start].strip() and
        not rest.strip() and self._has_siblings(node)):
      self.up.edits.replace(line_start, line_end, "")
    else:
      self.up.edits.replace(start, end, "pass")

  def _has_siblings(self, node):
    """Tells whether the block holding `node` has other statements."""
    parent = self.up.parents.get(node)
    for field in ("body", "orelse", "finalbody", "handlers"):
      block = getattr(parent, field, None)
      if isinstance(block, list) and node in block:
        return len(block) > 1
    return True

  def _first_code_offset(self):
    body = self.up.tree.body
    if (body and isinstance(body[0], ast.Expr) and
        isinstance(body[0].value, ast.Constant) and
        isinstance(body[0].value.value, str)):
      body = body[1:]
    if body:
      return self.source.line_start(body[0].lineno)
    return len(self.source.text)

  def insert_graph_mode_import(self):
    imports = sorted((node for node in ast.walk(self.up.tree)
                      if isinstance(node, (ast.Import, ast.ImportFrom))),
                     key=lambda node: (node.lineno, node.col_offset))
    modules = [imported_modules(node) for node in imports]
    if any(top(module) in spec.EDWARD_MODULES
           for names in modules for module in names):
      return
    for node, names in zip(imports, modules):
      if any(top(module) in spec.GRAPH_MODE_MODULES for module in names):
        self.up.edits.insert(
            self.source.line_start(node.lineno),
            self.source.indentation(node.lineno) + spec.GRAPH_MODE_IMPORT +
            self.source.newline())
        self.up.info(node, "Added 'import edward_lite' before the TensorFlow "
                        "import: it switches TensorFlow to TF1 graph mode "
                        "with legacy tf.layers, which this script needs.")
        return


def imported_modules(node):
  """The modules an import statement names (none for a relative one)."""
  if isinstance(node, ast.Import):
    return [alias.name for alias in node.names]
  if node.level or not node.module:
    return []
  return [node.module]
