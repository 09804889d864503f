"""Old argument names in calls: Edward 1.0-1.2's, TensorFlow 1.0's, Keras 1's.

`Normal(mu=0.0, sigma=1.0)` under `from edward.models import Normal`
becomes `Normal(loc=0.0, scale=1.0)`, as TensorFlow's upgrade tool
renames arguments; the tables are in `spec`. Only the keyword's name is
edited, so the rest of the call stays as written.
"""

import ast

from edward_lite.upgrade import spec

__all__ = ["ArgumentRenamer"]


class ArgumentRenamer(object):
  """Renames old keyword arguments in one file.

  Args:
    upgrader: the `upgrader._FileUpgrader` running on the file; its
      tree, bindings, source, edits and log are shared.
  """

  def __init__(self, upgrader):
    self.up = upgrader

  def rename_all(self):
    """Edward 1.0-1.2's, TF 1.0's and Keras 1's argument names, in calls.

    `Normal(mu=0.0, sigma=1.0)` becomes `Normal(loc=0.0, scale=1.0)` and
    `Dense(output_dim=8)` becomes `Dense(units=8)`; Keras 1 arguments
    with no one-word successor are warned about with the fix.
    """
    imports_keras = any(bound.split(".")[0] == "keras"
                        for bound in self.up.bindings.values())
    for call in ast.walk(self.up.tree):
      if not isinstance(call, ast.Call):
        continue
      full = self._dotted_name(call.func) or ""
      home, _, name = full.rpartition(".")
      if home == "edward.models":
        self._rename_keywords(call, name, spec.EDWARD_1_2_ARGUMENTS.get(
            name, {}), spec.ARGUMENT_RENAMES_WHY)
      elif home == "tensorflow.contrib.distributions":
        self._rename_keywords(call, name,
                              spec.CONTRIB_DISTRIBUTION_ARGUMENTS.get(
                                  name, {}), spec.CONTRIB_DISTRIBUTIONS_WHY)
      elif full.split(".")[0] == "keras" and name in (
          spec.KERAS_1_ARGUMENTS):
        self._rename_keywords(call, name, spec.KERAS_1_ARGUMENTS[name],
                              spec.KERAS_1_WHY)
        self._warn_keras_1(call, name)
      elif (imports_keras and isinstance(call.func, ast.Attribute) and
            call.func.attr in ("fit", "fit_generator")):
        self._rename_keywords(call, call.func.attr,
                              spec.KERAS_1_FIT_ARGUMENTS, spec.KERAS_1_WHY)

  def _rename_keywords(self, call, name, renames, why):
    for keyword in call.keywords:
      new = renames.get(keyword.arg)
      if new is None:
        continue
      start = self.up.source.offset(keyword.lineno, keyword.col_offset)
      self.up.edits.replace(start, start + len(keyword.arg), new)
      self.up.info(keyword, "Changed '{}=' to '{}=' in the call of {}: "
                         "{}".format(keyword.arg, new, name, why))

  def _warn_keras_1(self, call, name):
    for keyword in call.keywords:
      advice = spec.KERAS_1_WARNINGS.get(keyword.arg)
      if advice and (keyword.arg != "mode" or name == "BatchNormalization"):
        self.up.warn(keyword, "'{}=' in the call of {}: {}; the line is left "
                           "as it is.".format(keyword.arg, name, advice))
    if (name in spec.KERAS_1_POSITIONAL_CONV and len(call.args) >= 3 and
        not any(isinstance(arg, ast.Starred) for arg in call.args)):
      self.up.warn(call, "'{}' with three numbers: {}".format(
          name, spec.KERAS_1_POSITIONAL_ADVICE))

  def _dotted_name(self, node):
    """The dotted name a `Name` or attribute chain stands for, or None."""
    names = []
    while isinstance(node, ast.Attribute):
      names.append(node.attr)
      node = node.value
    if not isinstance(node, ast.Name) or node.id not in self.up.bindings:
      return None
    return ".".join([self.up.bindings[node.id]] + names[::-1])
