"""Rule look-up and the rewriting of `import` and `from ... import` lines.

An import is edited as little as its change allows, so the rest of the
line (and of a parenthesised, multi-line name list) stays as written:

- `import edward as ed`: only the alias `edward as ed` is replaced.
- `from edward.models import (Normal,\\n    Bernoulli)`: only the module
  name `edward.models` is replaced, found with `tokenize`.
- when names of one statement go to different places
  (`from tensorflow.contrib import slim` becomes `import tf_slim as
  slim`), the statement is written anew, one statement per target.
"""

import ast
import collections
import io
import tokenize

from edward_lite.upgrade import spec
from edward_lite.upgrade.edits import SourceText
from edward_lite.upgrade.package_names import public_names

__all__ = ["Target", "match_rules", "missing_edward_name", "successor",
           "ImportRewriter"]


class Target(collections.namedtuple("Target",
                                    ["module", "attribute", "import_name"])):
  """Where a name went: `module` (importable) plus an `attribute` path.

  `import_name` asks for `from module import attribute` over an alias.
  """
  __slots__ = ()

  def __new__(cls, module, attribute="", import_name=False):
    return super(Target, cls).__new__(cls, module, attribute, import_name)

  @property
  def full(self):
    return "{}.{}".format(self.module, self.attribute) if self.attribute \
        else self.module


def match_rules(path):
  """Finds the rules for dotted name `path`.

  Args:
    path: a dotted name with aliases resolved, e.g. `tensorflow.contrib.slim`.

  Returns:
    `(action, unsupported)`: `action` is the `(key, rule)` of the longest
    matching `Rename` or `Removed` key, `unsupported` that of the longest
    matching `Unsupported` key; either is None when nothing matches.
  """
  parts = path.split(".")
  action = unsupported = None
  for count in range(len(parts), 0, -1):
    key = ".".join(parts[:count])
    rule = spec.RULES.get(key)
    if rule is None:
      continue
    if isinstance(rule, spec.Unsupported):
      unsupported = unsupported or (key, rule)
    elif action is None and not (isinstance(rule, spec.Rename) and
                                 rule.exact and count < len(parts)):
      action = (key, rule)
  return action, unsupported


def missing_edward_name(path, action=None, unsupported=None):
  """Tells whether dotted `path` is an Edward name edward_lite lacks.

  Names some rule already speaks for (an `Unsupported` entry, or a
  rename more specific than `edward` -> `edward_lite`) are not.

  Args:
    path: a dotted name with aliases resolved, e.g. `edward.models.Mixture`.
    action, unsupported: what `match_rules(path)` returned.

  Returns:
    `(prefix, advice)`: the dotted name edward_lite lacks (`path` or a
    prefix of it) and the report's advice; or None.
  """
  if unsupported is not None or (action is not None and
                                  action[0] != "edward"):
    return None
  parts = path.split(".")
  if parts[0] != "edward" or len(parts) < 2:
    return None
  module = parts[1] if parts[1] in spec.EDWARD_SUBMODULES else ""
  depth = 3 if module else 2
  if len(parts) < depth:
    return None
  names = public_names("edward_lite" + ("." + module if module else ""))
  if not names or parts[depth - 1] in names:
    return None
  return (".".join(parts[:depth]),
          spec.missing_name_advice(module, parts[depth - 1]))


def successor(path, key, rule):
  """Returns the `Target` that `path` maps to under the `Rename` `rule`."""
  rest = path[len(key) + 1:]
  if rule.attribute:
    attribute = rule.attribute + ("." + rest if rest else "")
    return Target(rule.module, attribute, rule.import_name)
  return Target(rule.module + ("." + rest if rest else ""), "",
                rule.import_name)


def _top(module):
  return module.split(".")[0]


def _flat(code):
  """One line of code for the report, whatever its line breaks."""
  return " ".join(code.split())


class ImportRewriter(object):
  """Rewrites every import statement of one file.

  Args:
    upgrader: the `upgrader._FileUpgrader` running on the file; its
      source, edits, log and counts of rewritten uses are shared.
  """

  def __init__(self, upgrader):
    self.up = upgrader
    self.source = upgrader.source
    # Import statements left with no names; pass 4 fills or deletes them.
    self.dropped_statements = set()

  def rewrite_all(self):
    nodes = [node for node in ast.walk(self.up.tree)
             if isinstance(node, (ast.Import, ast.ImportFrom))]
    for node in sorted(nodes, key=lambda node: (node.lineno, node.col_offset)):
      if isinstance(node, ast.Import):
        self._rewrite_import(node)
      elif not node.level and node.module:
        self._rewrite_from(node)

  # import a.b as c

  def _rewrite_import(self, node):
    pieces = []  # (kind, alias or statement text, new alias text, why)
    for alias in node.names:
      action, unsupported = match_rules(alias.name)
      if unsupported:
        self.up.warn(alias, "'{}': {}".format(alias.name,
                                              unsupported[1].advice))
      missing = missing_edward_name(alias.name, action, unsupported)
      if missing:
        self.up.warn(alias, "'{}': {}".format(*missing))
      piece = ("alias", alias, None, None)
      if action and isinstance(action[1], spec.Removed):
        if self._unused_now(alias.asname or _top(alias.name)):
          self.up.info(alias, "Removed 'import {}': every use of it was "
                              "rewritten.".format(alias.name))
          piece = ("dropped", alias, None, None)
        else:
          self.up.warn(alias, "'import {}': {}".format(alias.name,
                                                       action[1].advice))
      elif action:
        kind, text, why = self._renamed_alias(
            alias, successor(alias.name, *action), action[1].why)
        piece = (kind, alias, text, why)
      pieces.append(piece)
    if all(piece[0] == "alias" for piece in pieces):
      for _, alias, new_text, why in pieces:
        if new_text is not None:
          self.source_replace(alias, new_text)
          self.up.info(alias, "Changed 'import {}' to 'import {}': {}".format(
              _flat(self.source.segment(alias)), new_text, why))
      return
    statements = []
    for kind, alias, text, _ in pieces:
      if kind == "statement":
        statements.append(text)
      elif kind == "alias":
        text = text or self.source.segment(alias)
        if statements and statements[-1].startswith("import "):
          statements[-1] += ", " + text
        else:
          statements.append("import " + text)
    whys = [piece[3] for piece in pieces if piece[3]]
    self._replace_statement(node, statements, whys[0] if whys else None)

  def _renamed_alias(self, alias, target, why):
    """Returns (kind, text, why) for an alias renamed to `target`.

    `kind` is "alias" with the new alias text (None: no change), or
    "statement" with a whole statement.
    """
    if alias.asname:
      if target.attribute:
        return ("statement", self._render_from(target, alias.asname), why)
      return ("alias", _as(target.module, alias.asname), why)
    # `import a.b.c` binds `a`, so it is `a` whose successor counts.
    top = _top(alias.name)
    top_action, _ = match_rules(top)
    if not top_action or not isinstance(top_action[1], spec.Rename):
      return ("alias", None, None)
    top_module = successor(top, *top_action).module
    if top_module == top:
      return ("alias", None, None)
    text = "{} as {}".format(top_module, top)
    # `import edward.models` binds `edward` AND loads the submodule.
    if (alias.name != top and not target.attribute and
        target.module.startswith(top_module + ".")):
      text = "{}, {}".format(target.module, text)
    return ("alias", text, top_action[1].why)

  def _unused_now(self, local):
    uses = sum(1 for node in ast.walk(self.up.tree)
               if isinstance(node, ast.Name) and node.id == local and
               isinstance(node.ctx, ast.Load))
    return uses > 0 and uses == self.up.rewritten_uses[local]

  # from a.b import c

  def _rewrite_from(self, node):
    module = node.module
    if any(alias.name == "*" for alias in node.names):
      self._rewrite_star(node)
      return
    pieces = []  # ("from", module, name, local) or ("import", module, local)
    why = None
    for alias in node.names:
      local = alias.asname or alias.name
      full = "{}.{}".format(module, alias.name)
      action, unsupported = match_rules(full)
      if unsupported:
        self.up.warn(alias, "'{}': {}".format(full, unsupported[1].advice))
      missing = missing_edward_name(full, action, unsupported)
      if missing:
        self.up.warn(alias, "'{}': {}".format(*missing))
      target = None
      if action is None:
        module_action, _ = match_rules(module)
        if module_action and isinstance(module_action[1], spec.Rename):
          moved = successor(module, *module_action)
          target = Target(moved.module, ".".join(
              part for part in (moved.attribute, alias.name) if part))
          why = why or module_action[1].why
      elif isinstance(action[1], spec.Removed):
        self.up.warn(alias, "'{}': {}".format(full, action[1].advice))
      else:
        target = successor(full, *action)
        why = why or action[1].why
      if target is None:
        pieces.append(("from", module, alias.name, local))
      else:
        pieces.append(_piece_for(target, local))
    modules = set(piece[1] for piece in pieces)
    if (all(piece[0] == "from" for piece in pieces) and len(modules) == 1 and
        all(piece[2] == alias.name for piece, alias in zip(pieces,
                                                           node.names))):
      new_module = modules.pop()
      if new_module != module:
        self._replace_from_module(node, new_module, why)
      return
    statements = []
    for piece in pieces:
      if piece[0] == "import":
        _, target_module, local = piece
        statements.append("import " + _as(target_module, local))
      elif statements and statements[-1].startswith(
          "from {} import ".format(piece[1])):
        statements[-1] += ", " + _as(piece[2], piece[3])
      else:
        statements.append("from {} import {}".format(piece[1],
                                                      _as(piece[2], piece[3])))
    self._replace_statement(node, statements, why)

  def _rewrite_star(self, node):
    action, _ = match_rules(node.module)
    if action and isinstance(action[1], spec.Removed):
      self.up.warn(node, "'from {} import *': {}".format(node.module,
                                                         action[1].advice))
    elif action:
      target = successor(node.module, *action)
      if target.attribute:
        self.up.warn(node, "'from {} import *' cannot be rewritten: its "
                           "successor {} is not a module; import the names "
                           "you use from it by hand.".format(node.module,
                                                             target.full))
      else:
        self._replace_from_module(node, target.module, action[1].why)

  def _replace_from_module(self, node, new_module, why):
    start, end = self._from_module_span(node)
    old = self.source.text[start:end]
    self.up.edits.replace(start, end, new_module)
    self.up.info(node, "Changed 'from {} import' to 'from {} import': "
                       "{}".format(_flat(old), new_module, why))

  def _from_module_span(self, node):
    """Returns the offsets of the module name in a `from` statement."""
    start, end = self.source.span(node)
    segment = SourceText(self.source.text[start:end])
    tokens = tokenize.generate_tokens(io.StringIO(segment.text).readline)
    first = last = None
    for token in tokens:
      if token.type == tokenize.NAME and token.string == "import":
        break
      if token.type == tokenize.NAME and token.string == "from" and \
          first is None:
        continue
      if token.type in (tokenize.NAME, tokenize.OP):
        first = first or token.start
        last = token.end
    return (start + segment.line_start(first[0]) + first[1],
            start + segment.line_start(last[0]) + last[1])

  # Shared.

  def source_replace(self, node, text):
    start, end = self.source.span(node)
    self.up.edits.replace(start, end, text)

  def _replace_statement(self, node, statements, why):
    old = _flat(self.source.segment(node))
    if not statements:
      self.dropped_statements.add(node)
      return
    line = self.source.line(node.lineno)
    before = line[:self.source.offset(node.lineno, node.col_offset) -
                  self.source.line_start(node.lineno)]
    if before.strip():
      separator = "; "
    else:
      separator = self.source.newline() + before
    self.source_replace(node, separator.join(statements))
    self.up.info(node, "Changed '{}' to '{}': {}".format(
        old, "; ".join(statements),
        why or "the names it imports went to different modules."))

  def _render_from(self, target, local):
    piece = _piece_for(target, local)
    if piece[0] == "import":
      return "import " + _as(piece[1], piece[2])
    return "from {} import {}".format(piece[1], _as(piece[2], piece[3]))


def _piece_for(target, local):
  """Returns how to import `target` as `local`, as a statement piece."""
  if target.attribute or "." in target.module:
    module, _, name = target.full.rpartition(".")
    return ("from", spec.FROM_IMPORT_MODULES.get(module, module), name, local)
  return ("import", target.module, local)


def _as(name, local):
  return name if name == local else "{} as {}".format(name, local)
