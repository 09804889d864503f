"""Packaging for edward_lite."""

import os

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))


# mkdocs-material does not support MkDocs 2.
_DOCS_REQUIREMENTS = [
    "mkdocs>=1.6,<2",
    "mkdocs-material>=9.5",
    "mkdocstrings[python]>=0.26",
    "mkdocstrings-python>=1.16",
    "mkdocs-jupyter>=0.25",
]


# What upgraded TF1 code needs beyond the core install, and neither
# TensorFlow nor tf_keras brings (TensorFlow 2.21 does not require
# tensorboard): tf_slim, which the upgrade tool puts in place of
# tf.contrib.slim, and TensorBoard, to read the event files that
# `initialize(logdir=...)` writes. The upgrade report names this extra
# (edward_lite/upgrade/spec.py, EXTRAS) for each file that needs it.
_LEGACY_REQUIREMENTS = [
    "tf_slim",
    "tensorboard",
]


def _read_version():
  namespace = {}
  with open(os.path.join(HERE, "edward_lite", "version.py")) as handle:
    exec(handle.read(), namespace)  # pylint: disable=exec-used
  return namespace["__version__"]


def _read_long_description():
  with open(os.path.join(HERE, "README.md"), encoding="utf-8") as handle:
    return handle.read()


setup(
    name="edward-lite",
    version=_read_version(),
    description="Edward 1.x's adversarial inference (GAN, BiGAN, WGAN) "
                "on TensorFlow 2 through tf.compat.v1.",
    long_description=_read_long_description(),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    packages=find_packages(include=["edward_lite", "edward_lite.*"]),
    entry_points={"console_scripts": ["edward-lite-upgrade=edward_lite.upgrade.__main__:main"]},
    python_requires=">=3.10",
    install_requires=[
        "tensorflow>=2.16",
        "tensorflow-probability>=0.24",
        "tf_keras",
        "numpy",
        "six",
    ],
    extras_require={
        "test": [
            "pytest",
            "hypothesis",
            "scikit-learn",
            "matplotlib",
            # The notebooks run in a Jupyter kernel, and the site is built,
            # in the test suite.
            "nbclient",
            "nbformat",
            "ipykernel",
            "beautifulsoup4",
            "pyyaml",
        ] + _LEGACY_REQUIREMENTS + _DOCS_REQUIREMENTS,
        "docs": _DOCS_REQUIREMENTS,
        "legacy": _LEGACY_REQUIREMENTS,
        "examples": [
            "scikit-learn",
            "matplotlib",
        ],
        # The speed benchmark's PyTorch rows (eager and torch.compile); the
        # package and its tests never import torch. Pinned to the version
        # the benchmark numbers were measured with. On Linux, plain PyPI
        # gives the CUDA build: docs/benchmarks.md says how to take the
        # CPU-only one first.
        "bench": [
            "torch==2.13.0",
        ],
    },
    classifiers=[
        "Programming Language :: Python :: 3",
        "Intended Audience :: Science/Research",
        "Topic :: Scientific/Engineering :: Artificial Intelligence",
    ],
)
