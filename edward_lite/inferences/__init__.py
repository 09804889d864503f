"""Inference algorithms: Edward's adversarial family and its bases.

Also the errors that a refused step raises.
"""

from edward_lite.inferences.bigan_inference import BiGANInference
from edward_lite.inferences.errors import (
    NotInitializedError, UnfedPlaceholderError, UninitializedVariableError)
from edward_lite.inferences.gan_inference import GANInference
from edward_lite.inferences.inference import Inference
from edward_lite.inferences.variational_inference import VariationalInference
from edward_lite.inferences.wgan_inference import WGANInference

__all__ = [
    "BiGANInference",
    "GANInference",
    "Inference",
    "NotInitializedError",
    "UnfedPlaceholderError",
    "UninitializedVariableError",
    "VariationalInference",
    "WGANInference",
]
