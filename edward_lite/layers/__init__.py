"""Layers that TF1-era GAN code used and that no longer run on TensorFlow 2.

- `batch_norm`: `tf.contrib.layers.batch_norm` / `slim.batch_norm`, with
  the same arguments, variables, moving averages and `UPDATE_OPS`.
  tf_slim's own copy fails on TensorFlow 2.16+, so the upgrade tool
  rewrites both names to this one.
"""

from edward_lite.layers.batch_norm import batch_norm

__all__ = ["batch_norm"]
