"""edward_lite: Edward 1.x's adversarial inference on TensorFlow 2.

`import edward_lite as ed` gives the names a legacy Edward script uses:
`ed.GANInference`, `ed.BiGANInference`, `ed.WGANInference`,
`ed.ImplicitKLqp`,
`ed.models`, `ed.get_session`, `ed.set_seed` and the rest below, and
puts TensorFlow in TF1 graph mode.

The upgrade tool (`import edward_lite.upgrade`, `python -m
edward_lite.upgrade`, `edward-lite-upgrade`) only rewrites text, and
leaves TensorFlow out. In a process that imported nothing else of
edward_lite, the names below load, TensorFlow with them, the first time
one is used (PEP 562).
"""

import importlib.util
import sys

from edward_lite import _startup

__all__ = [
    "BiGANInference",
    "GANInference",
    "ImplicitKLqp",
    "Inference",
    "Progbar",
    "RandomVariable",
    "VERSION",
    "VariationalInference",
    "WGANInference",
    "__version__",
    "check_data",
    "check_latent_vars",
    "copy",
    "criticisms",
    "dot",
    "get_ancestors",
    "get_blanket",
    "get_children",
    "get_descendants",
    "get_parents",
    "get_session",
    "get_siblings",
    "get_variables",
    "inferences",
    "models",
    "random_variables",
    "set_seed",
    "util",
]


def _load_api():
  """Puts TensorFlow in graph mode and binds every name of `__all__`."""
  # `import a.b as b`, not `from a import b`: the latter would ask this
  # module for `b` first, and, after an upgrader-only import, come back
  # here through `__getattr__`.
  # Loading imports TensorFlow itself: the finder waiting for that import
  # (after an upgrader-only import) must not load the API a second time.
  sys.meta_path[:] = [finder for finder in sys.meta_path
                      if not isinstance(finder, _LoadWithTensorFlow)]
  # pylint: disable=g-import-not-at-top,unused-import
  import edward_lite._tf  # noqa: F401  (graph mode before anything else)
  import edward_lite.criticisms as criticisms
  import edward_lite.inferences as inferences
  import edward_lite.models as models
  import edward_lite.util as util
  from edward_lite.inferences import (
      BiGANInference, GANInference, ImplicitKLqp, Inference,
      VariationalInference, WGANInference)
  from edward_lite.models import RandomVariable
  from edward_lite.util import (
      Progbar, check_data, check_latent_vars, copy, dot, get_ancestors,
      get_blanket, get_children, get_descendants, get_parents, get_session,
      get_siblings, get_variables, random_variables, set_seed)
  from edward_lite.version import __version__, VERSION
  loaded = locals()
  globals().update((name, loaded[name]) for name in __all__)


def _load_on_first_use(name):
  """`__getattr__` after an upgrader-only import: loads the API (PEP 562)."""
  if name not in __all__:
    raise AttributeError("module {!r} has no attribute {!r}".format(
        __name__, name))
  _load_api()
  return globals()[name]


class _LoadWithTensorFlow(object):
  """Loads the API as soon as anyone imports TensorFlow (a sys.meta_path
  finder, after an upgrader-only import).

  `import edward_lite` promises graph mode; a process that imported the
  upgrader first and then imports TensorFlow itself (upgraded code run in
  the same notebook) must not be left in eager mode until its first
  `ed.` name.
  """

  def find_spec(self, fullname, path=None, target=None):
    del path, target  # The real finders look on their own.
    if fullname != "tensorflow":
      return None
    sys.meta_path.remove(self)
    spec = importlib.util.find_spec(fullname)
    if spec is None or spec.loader is None:
      return spec
    load_tensorflow = spec.loader.exec_module

    def exec_module(module):
      load_tensorflow(module)
      # When edward_lite's own import of TensorFlow (edward_lite._tf, by a
      # subpackage) got here first, _tf sets graph mode itself.
      if "edward_lite._tf" not in sys.modules:
        _load_api()

    spec.loader.exec_module = exec_module
    return spec


if _startup.importing_only_the_upgrader() and "tensorflow" not in sys.modules:
  __getattr__ = _load_on_first_use
  sys.meta_path.insert(0, _LoadWithTensorFlow())
else:
  _load_api()
