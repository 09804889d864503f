"""Criticism of implicit models: quality without a likelihood.

Edward's `ed.evaluate` and `ed.ppc` need a density, which GANs and
BiGANs do not have. These functions judge such a model from what it can
do, sample, encode and reconstruct, as the BiGAN/ALI literature does:

- mode coverage on toy mixtures (VEEGAN): `modes_covered`,
  `high_quality_fraction`;
- sample quality through a classifier: `inception_style_score`, with
  `mixture_class_probabilities` as the exact classifier of a toy
  mixture's components;
- inference quality: `reconstruction_error`,
  `reconstruction_label_accuracy`, and `linear_probe_accuracy` and
  `nearest_neighbor_accuracy` of the encoder's features;
- samples against real data in a classifier's feature space:
  `frechet_distance`;
- anomaly detection with a trained BiGAN (Zenati et al., 2018), ALAD's
  scores and a density of the codes among them: `anomaly_score` and
  `anomaly_detection_metrics`.

Every function documents the formula it computes.
"""

from edward_lite.criticisms.anomaly import (
    ANOMALY_KINDS, anomaly_detection_metrics, anomaly_score)
from edward_lite.criticisms.features import (
    frechet_distance, nearest_neighbor_accuracy)
from edward_lite.criticisms.modes import high_quality_fraction, modes_covered
from edward_lite.criticisms.probes import linear_probe_accuracy
from edward_lite.criticisms.reconstruction import (
    reconstruct, reconstruction_error, reconstruction_label_accuracy)
from edward_lite.criticisms.scores import (
    inception_style_score, mixture_class_probabilities)

__all__ = [
    "ANOMALY_KINDS",
    "anomaly_detection_metrics",
    "anomaly_score",
    "frechet_distance",
    "high_quality_fraction",
    "inception_style_score",
    "linear_probe_accuracy",
    "mixture_class_probabilities",
    "modes_covered",
    "nearest_neighbor_accuracy",
    "reconstruct",
    "reconstruction_error",
    "reconstruction_label_accuracy",
]
