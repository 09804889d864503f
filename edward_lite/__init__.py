"""edward_lite: Edward 1.x's adversarial inference on TensorFlow 2.

`import edward_lite as ed` gives the names a legacy Edward script uses:
`ed.GANInference`, `ed.BiGANInference`, `ed.WGANInference`,
`ed.models`, `ed.get_session`, `ed.set_seed` and the rest below.
"""

from edward_lite import _tf  # noqa: F401  (graph mode before anything else)
from edward_lite import criticisms
from edward_lite import inferences
from edward_lite import models
from edward_lite import util
from edward_lite.inferences import (
    BiGANInference, GANInference, Inference, VariationalInference,
    WGANInference)
from edward_lite.models import RandomVariable
from edward_lite.util import (
    Progbar, check_data, check_latent_vars, get_ancestors, get_blanket,
    get_children, get_descendants, get_parents, get_session, get_siblings,
    get_variables, random_variables, set_seed)
from edward_lite.version import __version__, VERSION

__all__ = [
    "BiGANInference",
    "GANInference",
    "Inference",
    "Progbar",
    "RandomVariable",
    "VERSION",
    "VariationalInference",
    "WGANInference",
    "__version__",
    "check_data",
    "check_latent_vars",
    "criticisms",
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
