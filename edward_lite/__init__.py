"""edward_lite: Edward 1.x's adversarial inference on TensorFlow 2.

`import edward_lite as ed` gives the names a legacy Edward script uses:
`ed.GANInference`, `ed.BiGANInference`, `ed.WGANInference`,
`ed.models`, `ed.get_session`, `ed.set_seed` and the rest below.
"""

from edward_lite import _tf  # noqa: F401  (graph mode before anything else)
from edward_lite.version import __version__, VERSION

__all__ = ["__version__", "VERSION"]
