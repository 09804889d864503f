"""Inference algorithms: Edward's adversarial family and its bases."""

from edward_lite.inferences.bigan_inference import BiGANInference
from edward_lite.inferences.gan_inference import GANInference
from edward_lite.inferences.inference import Inference
from edward_lite.inferences.variational_inference import VariationalInference
from edward_lite.inferences.wgan_inference import WGANInference

__all__ = [
    "BiGANInference",
    "GANInference",
    "Inference",
    "VariationalInference",
    "WGANInference",
]
