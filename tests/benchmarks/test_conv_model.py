"""The convolutional BiGAN of the speed benchmark, its floor, and the memory reader.

The same network in TF1, TF2 (Keras 3) and PyTorch: shapes and parameter
counts, against the arithmetic of its layers. The floor: exactly the
convolutions and matrix products of the step's own graph. Generated
data only; no MNIST.
"""

import collections
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from edward_lite._tf import tf1

from benchmarks import _memory, _models
from benchmarks._conv_networks import conv_networks
from benchmarks._way_kinds import FLOOR_OPS, FloorWay, floor_ops

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SIZES = _models.conv_sizes(False, 64)
# Trainable parameters, layer by layer (4x4 kernels, 64 and 128 channels,
# 7x7 at a quarter of the 28x28 side, 50-dimensional codes):
FLAT = 7 * 7 * 128
GENERATOR = ((50 * FLAT + FLAT) + 2 * 128 + (4 * 4 * 128 * 64 + 64) +
             2 * 64 + (4 * 4 * 64 * 1 + 1))
FEATURES = (4 * 4 * 1 * 64 + 64) + (4 * 4 * 64 * 128 + 128) + 2 * 128
ENCODER = FEATURES + FLAT * 50 + 50
DISCRIMINATOR = FEATURES + (FLAT + 50) + 1
# The joint step's ops in Edward's graph, counted by hand. Forward: the
# generator's dense layer and two transposed convolutions, the encoder's
# two convolutions and dense layer, the discriminator's two convolutions
# and dense layer on each pair. The generator's objective goes back
# through the discriminator's logit on both pairs and its convolutions
# on (G(z), z), then to every generator and encoder weight; the
# discriminator's objective to its own weights on both pairs.
EDWARDS_STEP = {"MatMul": 4 + 5 + 4, "Conv2D": 6 + 2,
                "Conv2DBackpropInput": 2 + 3 + 2,
                "Conv2DBackpropFilter": 4 + 4}


def _count(variables):
  return sum(int(np.prod(v.shape.as_list())) for v in variables)


def test_the_tf1_networks_shapes_and_parameters(graph):
  del graph
  x_ph = tf1.placeholder(tf1.float32, [64, 28, 28, 1])
  z_ph = tf1.placeholder(tf1.float32, [64, 50])
  x_fake, z_fake, discriminator = conv_networks(SIZES, x_ph, z_ph)
  with tf1.variable_scope("Disc"):
    logits = discriminator(x_ph, z_fake)
  assert x_fake.shape.as_list() == [64, 28, 28, 1]
  assert z_fake.shape.as_list() == [64, 50]
  assert logits.shape.as_list() == [64, 1]
  assert _count(tf1.trainable_variables("Gen/generator")) == GENERATOR
  assert _count(tf1.trainable_variables("Gen/encoder")) == ENCODER
  assert _count(tf1.trainable_variables("Disc")) == DISCRIMINATOR
  # Batch norm where DCGAN puts it: after every layer of the generator but
  # its output, after the second convolution of the others.
  scales = sorted(v.op.name for v in tf1.trainable_variables()
                  if v.op.name.endswith("gamma"))
  assert scales == ["Disc/bn1/gamma", "Gen/encoder/bn1/gamma",
                    "Gen/generator/bn0/gamma", "Gen/generator/bn1/gamma"]


def test_the_pytorch_networks_are_the_same_size():
  torch = pytest.importorskip("torch")
  from benchmarks import _worker_torch  # pylint: disable=g-import-not-at-top
  generator, encoder, discriminator = _worker_torch._conv(torch.nn, SIZES)  # pylint: disable=protected-access
  count = lambda module: sum(p.numel() for p in module.parameters())
  assert (count(generator), count(encoder), count(discriminator)) == (
      GENERATOR, ENCODER, DISCRIMINATOR)
  with torch.no_grad():
    images = generator(torch.zeros(64, 50))
    codes = encoder(images)
    logits = discriminator(images, codes)
  assert tuple(images.shape) == (64, 1, 28, 28)
  assert tuple(codes.shape) == (64, 50)
  assert tuple(logits.shape) == (64, 1)


# The sizes come as JSON: importing benchmarks._models would import
# edward_lite, which puts the process in graph mode.
_KERAS_PROBE = """
import json, sys
import tensorflow as tf
from benchmarks import _worker_tf2
sizes = json.loads(sys.argv[1])
generator, encoder, discriminator, disc_models = _worker_tf2._conv(
    sizes, lambda x: tf.maximum(x, 0.2 * x))
images = generator(tf.zeros([64, 50]), training=True)
codes = encoder(images, training=True)
logits = discriminator(images, codes)
count = lambda models: sum(int(tf.size(v)) for m in models
                           for v in m.trainable_variables)
print(json.dumps([count([generator]), count([encoder]), count(disc_models),
                  images.shape.as_list(), codes.shape.as_list(),
                  logits.shape.as_list()]))
"""


def test_the_keras_networks_are_the_same_size():
  # TF2 with Keras 3 in a process of its own: edward_lite holds this one
  # in graph mode with the legacy Keras.
  env = dict(os.environ, TF_USE_LEGACY_KERAS="0", TF_CPP_MIN_LOG_LEVEL="2")
  result = subprocess.run([sys.executable, "-c", _KERAS_PROBE,
                           json.dumps(SIZES)], cwd=ROOT,
                          env=env, capture_output=True, text=True,
                          timeout=600)
  assert result.returncode == 0, result.stderr[-3000:]
  assert result.stdout.strip().splitlines()[-1] == (
      "[{}, {}, {}, [64, 28, 28, 1], [64, 50], [64, 1]]".format(
          GENERATOR, ENCODER, DISCRIMINATOR))


def _signature(op):
  """What the floor must copy of an op: its type, shapes and attributes."""
  attrs = tuple(sorted((name, str(op.get_attr(name))) for name in
                       (attr.name for attr in op.op_def.attr)
                       if name != "T"))
  return (op.type, tuple(tuple(t.shape.as_list()) for t in op.inputs
                         if t.dtype != tf1.int32),
          tuple(op.outputs[0].shape.as_list()), attrs)


@pytest.mark.parametrize("lean", [False, True])
def test_the_floor_runs_exactly_the_steps_convolutions_and_products(lean):
  sizes = _models.conv_sizes(True, 4)
  options = dict(lean_gradients=lean, intra_op_parallelism_threads=0,
                 inter_op_parallelism_threads=0)
  model = _models.BiGAN(sizes, **options)
  step = floor_ops(model.fetch_list())
  model.close()
  way = FloorWay(sizes, "floor", "floor", **options)
  way.prepare()
  try:
    copied = [op for op in way.graph.get_operations()
              if op.type in FLOOR_OPS]
    assert collections.Counter(map(_signature, copied)) == \
        collections.Counter(map(_signature, step))
    assert way.count == len(step)
    # The lean graph differentiates the discriminator's concatenation one
    # piece at a time: as many products, smaller (the next test).
    assert collections.Counter(op.type for op in step) == EDWARDS_STEP
    way.block(2)  # The copied ops run, fed nothing.
  finally:
    way.close()


def test_the_lean_graphs_products_are_smaller_than_edwards():
  sizes = _models.conv_sizes(True, 4)
  work = {}
  for lean in (False, True):
    model = _models.BiGAN(sizes, lean_gradients=lean,
                          intra_op_parallelism_threads=0,
                          inter_op_parallelism_threads=0)
    work[lean] = sum(
        int(np.prod(op.inputs[0].shape.as_list())) *
        op.inputs[1].shape.as_list()[1 if not op.get_attr("transpose_b")
                                     else 0]
        for op in floor_ops(model.fetch_list()) if op.type == "MatMul")
    model.close()
  assert work[True] < work[False]


def test_the_memory_reader_sees_an_allocation_and_keeps_the_peak():
  before = _memory.resident_bytes()
  block = np.ones(64 * 2 ** 20 // 8)  # 64 MiB, every page written
  during = _memory.resident_bytes()
  assert during - before >= 60 * 2 ** 20
  del block
  # The peak keeps the allocation after it is freed (Linux updates it
  # lazily, within a few pages of the resident size it saw).
  assert _memory.peak_resident_bytes() >= before + 60 * 2 ** 20
  assert _memory.resident_mib() == pytest.approx(
      _memory.resident_bytes() / 2 ** 20, rel=0.01)
