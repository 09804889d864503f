"""Keras 2 (tf_keras) behind TensorFlow's Keras names, in any import order.

`tf.compat.v1.layers`, which Edward's scripts are built from, exists
only with Keras 2, the tf_keras package; TensorFlow routes its Keras
names there when `TF_USE_LEGACY_KERAS` is set. It reads the variable in
two places:

- its lazy `keras` (and v1 `layers`, `nn.rnn_cell`) attributes read it
  the first time they are used;
- each of its API modules (`tensorflow`, `tensorflow.compat.v1`,
  `tensorflow.compat.v2`, ...) reads it once, as it runs, to choose the
  directory its `__path__` gets for submodule imports such as
  `import tensorflow.compat.v2.keras`.

So a variable set after TensorFlow was imported reaches the first and
not the second, and the two disagree. `import tf_keras` runs
`tensorflow.compat.v2` (among others) before `import edward_lite` can set
the variable: TensorFlow Probability, imported next, finds tf_keras
behind `tf.keras`, imports `tensorflow.compat.v2.keras` and fails
("No module named 'tensorflow.compat.v2.keras'").

`route_imported_api` gives each API module that already ran the
directories it would have had with the variable set, for every Keras
name of it that is not resolved yet, so both places say tf_keras. A
name a user's code already resolved (to Keras 3) is left as it is, so
`tf.keras` and `import tensorflow.keras` never disagree.
"""

import importlib.util
import os
import sys

__all__ = ["LEGACY_KERAS_VARIABLE", "api_routes", "route_imported_api",
           "wants_legacy_keras"]

LEGACY_KERAS_VARIABLE = "TF_USE_LEGACY_KERAS"

# TensorFlow's test of the variable (tensorflow/__init__.py and each
# compat module's), so that both places read it the same way.
_TRUE_VALUES = ("true", "True", "1")

# For each Keras name an API module routes: the attribute holding the
# lazy loader, the submodule whose `__path__` TensorFlow extends ("" for
# the module itself), and the tf_keras package whose parent directory it
# puts first. These are what TensorFlow 2.16-2.21's generated __init__
# files do under the variable.
_V1_ROUTES = (
    ("keras", "", "tf_keras.api._v1.keras"),
    ("layers", "", "tf_keras.api._v1.keras.__internal__.legacy.layers"),
    ("rnn_cell", "nn", "tf_keras.api._v1.keras.__internal__.legacy.rnn_cell"),
)
_V2_ROUTES = (
    ("keras", "", "tf_keras.api._v2.keras"),
)


def wants_legacy_keras(environ=None):
  """Whether `TF_USE_LEGACY_KERAS` asks TensorFlow for tf_keras.

  Args:
    environ: mapping. Default `os.environ`.

  Returns:
    bool.
  """
  environ = os.environ if environ is None else environ
  return environ.get(LEGACY_KERAS_VARIABLE) in _TRUE_VALUES


def api_routes(module_name):
  """The Keras routes of one of TensorFlow's API modules, by its name.

  Args:
    module_name: str. A name in `sys.modules`.

  Returns:
    tuple of (attribute, submodule, tf_keras package), empty for a module
    that routes no Keras name: `tensorflow` and every `compat.v2` module
    route Keras 2's v2 API, every `compat.v1` module its v1 API.
  """
  if module_name != "tensorflow" and not module_name.startswith(
      "tensorflow."):
    return ()
  if module_name.endswith(".compat.v1"):
    return _V1_ROUTES
  if module_name == "tensorflow" or module_name.endswith(".compat.v2"):
    return _V2_ROUTES
  return ()


def _parent_dir(package):
  """The directory TensorFlow adds for `package`, without importing it."""
  parts = package.split(".")
  spec = importlib.util.find_spec(parts[0])
  if spec is None or not spec.origin:
    return None
  return os.path.join(os.path.dirname(spec.origin), *parts[1:-1])


def route_imported_api(lazy_loader_type, modules=None):
  """Routes the Keras names of API modules that ran before the variable.

  Call it once the variable asks for tf_keras (`wants_legacy_keras()`);
  modules that run later read the variable themselves.

  Args:
    lazy_loader_type: type. TensorFlow's `KerasLazyLoader`: a name still
      holding one is not resolved yet (resolving replaces it by the
      module it loads).
    modules: mapping. Default `sys.modules`.

  Returns:
    list of str: "module.attribute" for each name routed, in the order
    of `modules`.
  """
  modules = sys.modules if modules is None else modules
  routed = []
  for module_name, module in list(modules.items()):
    for attribute, submodule, package in api_routes(module_name):
      # Through __dict__: getattr would resolve a lazy name.
      namespace = getattr(module, "__dict__", {})
      holder = namespace.get(submodule) if submodule else module
      loader = getattr(holder, "__dict__", {}).get(attribute)
      path = getattr(holder, "__path__", None)
      if not isinstance(loader, lazy_loader_type) or path is None:
        continue
      directory = _parent_dir(package)
      if directory is None or directory in path:
        continue
      holder.__path__ = [directory] + list(path)
      routed.append("{}.{}".format(module_name, attribute))
  return routed
