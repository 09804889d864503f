"""The tree walk: finds what `spec.RULES` names and edits it in place.

`upgrade_source` parses a script with `ast`, resolves every import and
every attribute chain (`tf.contrib.slim.fully_connected`) to the dotted
name it stands for, looks that name up in `spec`, and edits the ORIGINAL
text only at the nodes that change. Everything else, comments and odd
formatting included, comes out byte for byte as it went in.

The walk runs in passes over one parsed tree:

1. bindings: which local name stands for which module or object
   (`bindings.py`: imports, `slim = tf.contrib.slim`, star imports);
2. attribute chains: rename or warn, noting imports the new text needs;
   then old keyword arguments in calls (`arguments.py`);
3. import statements: rename modules, drop imports nothing uses now;
4. added lines: the imports pass 2 needed, and the graph-mode import
   (`added_imports.py`, which also names each new target in pass 2);
5. extras: packages the new text imports that the old did not and that
   edward-lite's core install lacks (`spec.EXTRAS`).

Scopes are not tracked: a name bound anywhere in the file counts
everywhere, as in TensorFlow's own upgrade tool.
"""

import ast
import collections

from edward_lite.upgrade import spec
from edward_lite.upgrade.added_imports import ImportAdder, imported_modules
from edward_lite.upgrade.arguments import ArgumentRenamer
from edward_lite.upgrade.bindings import assignment_aliases, bound_names
from edward_lite.upgrade.bindings import module_bindings, star_aliases, top
from edward_lite.upgrade.edits import EditList, SourceText
from edward_lite.upgrade.imports import ImportRewriter, Target
from edward_lite.upgrade.imports import match_rules, missing_edward_name
from edward_lite.upgrade.imports import successor

__all__ = ["LogEntry", "UpgradeError", "UpgradeResult", "format_location",
           "upgrade_source"]

LogEntry = collections.namedtuple("LogEntry",
                                  ["level", "line", "col", "message", "cell"])
LogEntry.__new__.__defaults__ = (None,)
LogEntry.__doc__ = """One report line: level INFO, WARNING or ERROR.

`line` counts from 1 and `col` (characters) from 0, as `ast` does. In a
notebook, `cell` is the cell's index from 1 and `line` counts within it.
"""

UpgradeResult = collections.namedtuple("UpgradeResult",
                                       ["text", "log", "extras"])
UpgradeResult.__new__.__defaults__ = ((),)
UpgradeResult.__doc__ = """The upgraded text, its log, and what it needs installed.

Attributes:
  text: the new source text.
  log: the `LogEntry` list, sorted by position.
  extras: `(module, extra)` pairs, sorted: each module the new text
    imports, the old text did not, and only `pip install
    "edward-lite[extra]"` brings (`spec.EXTRAS`).
"""


def format_location(filename, line, col, cell=None):
  """Returns `file:line:col`, or `file[cell N]:line:col` in a notebook."""
  if cell is not None:
    filename = "{}[cell {}]".format(filename, cell)
  return "{}:{}:{}".format(filename, line, col)


class UpgradeError(Exception):
  """The source could not be parsed, so nothing was rewritten.

  Args:
    filename: the file, as the report should name it.
    line: line of the problem, from 1 (within the cell in a notebook).
    col: column of the problem, from 0.
    reason: the parser's message.
    cell: the notebook cell's index from 1, or None in a script.
  """

  def __init__(self, filename, line, col, reason, cell=None):
    self.filename = filename
    self.line = line
    self.col = col
    self.reason = reason
    self.cell = cell
    super(UpgradeError, self).__init__("{}: cannot parse this file: {}".format(
        format_location(filename, line, col, cell), reason))


def upgrade_source(text, filename="<string>"):
  """Rewrites one Python source text for edward_lite.

  Args:
    text: the whole file, as a str.
    filename: used in error messages only.

  Returns:
    An `UpgradeResult` with the new text, the log of changes and
    warnings sorted by position, and the extras the new text needs.

  Raises:
    UpgradeError: if `text` is not valid Python 3.
  """
  try:
    tree = ast.parse(text, filename)
  except SyntaxError as error:
    raise UpgradeError(filename, error.lineno or 1,
                       max((error.offset or 1) - 1, 0), error.msg)
  except ValueError as error:  # e.g. a NUL byte in the source
    raise UpgradeError(filename, 1, 0, str(error))
  return _FileUpgrader(text, tree).run()


class _FileUpgrader(object):
  """Holds one file's tree, text, pending edits and log while it runs."""

  def __init__(self, text, tree):
    self.source = SourceText(text)
    self.tree = tree
    self.edits = EditList()
    self.log = []
    self.parents = {}
    for parent in ast.walk(tree):
      for child in ast.iter_child_nodes(parent):
        self.parents[child] = parent
    self.bindings = module_bindings(tree)
    self.bound_names = bound_names(tree)
    # `slim = tf.contrib.slim`: the name stands for what the chain means.
    self.assigned_aliases = assignment_aliases(tree, self.bindings)
    self.bindings.update(self.assigned_aliases)
    # `from keras.layers import *` bound Keras 2's submodule names too.
    self.star_aliases = star_aliases(tree, self.bound_names)
    self.bindings.update(self.star_aliases)
    self.rewritten_uses = collections.Counter()
    self.imports = ImportAdder(self)

  def run(self):
    chains = [node for node in ast.walk(self.tree)
              if isinstance(node, ast.Attribute) and
              not self._inside_chain(node)]
    # Source order, so imports are added in the order the code needs them.
    for chain in sorted(chains, key=lambda node: (node.lineno,
                                                  node.col_offset)):
      self._visit_chain(chain)
    ArgumentRenamer(self).rename_all()
    rewriter = ImportRewriter(self)
    rewriter.rewrite_all()
    self.imports.insert_added_imports(rewriter.dropped_statements)
    self.imports.insert_graph_mode_import()
    ordered = sorted(enumerate(self.log),
                     key=lambda item: (item[1].line, item[1].col, item[0]))
    text = self.edits.apply(self.source.text)
    return UpgradeResult(text, [entry for _, entry in ordered],
                         _extras_introduced(self.tree, text))

  # Logging and positions.

  def position(self, node):
    start = self.source.offset(node.lineno, node.col_offset)
    return node.lineno, start - self.source.line_start(node.lineno)

  def info(self, node, message):
    self.log.append(LogEntry("INFO", *self.position(node), message=message))

  def warn(self, node, message):
    self.log.append(LogEntry("WARNING", *self.position(node),
                             message=message))

  # Pass 2: attribute chains.

  def _inside_chain(self, node):
    parent = self.parents.get(node)
    return isinstance(parent, ast.Attribute) and parent.value is node

  def _visit_chain(self, chain):
    links = []
    node = chain
    while isinstance(node, ast.Attribute):
      links.append(node)
      node = node.value
    if not isinstance(node, ast.Name) or node.id not in self.bindings:
      return
    root = node
    links.reverse()  # links[i] is the root plus i + 1 attributes.
    bound = self.bindings[root.id]
    names = [link.attr for link in links]
    if self._apply_call_rule(root, links, bound, names):
      return
    full = ".".join([bound] + names)
    action, unsupported = match_rules(full)
    depth = len(bound.split("."))
    if unsupported and len(unsupported[0].split(".")) > depth:
      self.warn(root, "'{}': {}".format(
          _dotted(root, names, unsupported[0], depth), unsupported[1].advice))
    missing = missing_edward_name(full, action, unsupported)
    if missing and len(missing[0].split(".")) > depth:
      self.warn(root, "'{}': {}".format(
          _dotted(root, names, missing[0], depth), missing[1]))
    if action is None:
      return
    key, rule = action
    key_depth = len(key.split("."))
    if (root.id in self.star_aliases and isinstance(rule, spec.Rename) and
        key_depth <= depth):
      # No import line to rewrite: the name itself must go.
      first = "{}.{}".format(bound, names[0])
      self._rewrite_chain(root, links[0], successor(first, key, rule),
                          rule.why)
      return
    if isinstance(rule, spec.Removed):
      # An alias of a removed name was warned about where it was made.
      if key_depth > depth or root.id not in self.assigned_aliases:
        self.warn(root, "'{}': {}".format(
            _dotted(root, names, full, depth), rule.advice))
    elif key_depth > depth:
      self._rewrite_chain(root, links[key_depth - depth - 1],
                          successor(key, key, rule), rule.why)

  def _apply_call_rule(self, root, links, bound, names):
    """Applies a `spec.CALL_RULES` entry if the chain is such a call."""
    rule = spec.CALL_RULES.get(".".join([bound] + names))
    call = self.parents.get(links[-1])
    if (rule is None or not isinstance(call, ast.Call) or
        call.func is not links[-1] or call.args or
        any(keyword.arg not in rule.keywords for keyword in call.keywords)):
      return False
    self._rewrite_chain(root, links[-1], Target(rule.module, rule.attribute),
                        rule.why)
    return True

  def _rewrite_chain(self, root, last_link, target, why):
    start = self.source.offset(root.lineno, root.col_offset)
    end = self.source.offset(last_link.end_lineno, last_link.end_col_offset)
    old = "".join(self.source.text[start:end].split())
    new = self.imports.reference(target, root)
    self.edits.replace(start, end, new)
    self.rewritten_uses[root.id] += 1
    self.info(root, "Changed '{}' to '{}': {}".format(old, new, why))


def _dotted(root, names, key, depth):
  """Returns the source spelling of the chain up to `key`'s depth."""
  count = len(key.split(".")) - depth
  return ".".join([root.id] + names[:max(count, 1)])


def _extras_introduced(old_tree, new_text):
  """Returns the `(module, extra)` pairs the rewrite made `new_text` need."""
  # The new text is the old one with valid code put in place of valid
  # code, so it parses; were it not to, that is a bug to hear about.
  before = _imported_tops(old_tree)
  after = _imported_tops(ast.parse(new_text))
  return tuple(sorted((module, spec.EXTRAS[module])
                      for module in after - before if module in spec.EXTRAS))


def _imported_tops(tree):
  """Returns the top-level names of every module `tree` imports."""
  return set(top(module) for node in ast.walk(tree)
             if isinstance(node, (ast.Import, ast.ImportFrom))
             for module in imported_modules(node))
