"""TF1-era GAN scripts of the kind found in the wild, upgraded and run.

The two scripts below are written in the style of 2017 GAN code (they
are not copies of anyone's): an Edward 1.2 DCGAN on the tutorials' MNIST
reader with contrib batch norm and slim, and a Keras 2.0 DCGAN with
Keras 1 argument names and the keras.layers submodules. Each is upgraded
with no warning left, then run on tiny MNIST files written here.
"""

import gzip
import os
import struct
import textwrap

import numpy as np
import pytest

from edward_lite.upgrade.upgrader import upgrade_source
from tests.upgrade._subprocess import run_all

EDWARD_DCGAN = textwrap.dedent("""\
    import sys

    import edward as ed
    import numpy as np
    import tensorflow as tf
    from edward.models import Uniform
    from tensorflow.examples.tutorials.mnist import input_data

    slim = tf.contrib.slim

    mnist = input_data.read_data_sets(sys.argv[1], one_hot=True)
    print("data", mnist.train.num_examples, mnist.validation.num_examples,
          mnist.test.num_examples, mnist.train.images.shape[1],
          mnist.train.images.min(), mnist.train.images.max(),
          mnist.train.labels.shape[1])

    ed.set_seed(0)
    M = 8
    x_ph = tf.placeholder(tf.float32, [M, 784])
    is_training = tf.placeholder(tf.bool, [])


    def lrelu(x, leak=0.2):
      return tf.maximum(x, leak * x)


    def generative_network(z):
      h = slim.fully_connected(z, 7 * 7 * 8, activation_fn=None)
      h = tf.reshape(h, [M, 7, 7, 8])
      h = tf.nn.relu(tf.contrib.layers.batch_norm(
          h, decay=0.9, is_training=is_training, scope="g_bn0"))
      with slim.arg_scope([slim.conv2d_transpose], kernel_size=5, stride=2,
                          normalizer_fn=slim.batch_norm,
                          normalizer_params={"is_training": is_training,
                                             "decay": 0.9}):
        h = slim.conv2d_transpose(h, 4)
        h = slim.conv2d_transpose(h, 1, activation_fn=tf.sigmoid,
                                  normalizer_fn=None)
      return tf.reshape(h, [M, 784])


    def discriminative_network(x):
      h = slim.conv2d(tf.reshape(x, [M, 28, 28, 1]), 4, 5, stride=2,
                      activation_fn=lrelu)
      h = slim.conv2d(h, 8, 5, stride=2, activation_fn=None)
      h = lrelu(tf.contrib.layers.batch_norm(h, is_training=is_training,
                                             scope="d_bn1"))
      return slim.fully_connected(slim.flatten(h), 1, activation_fn=None)


    with tf.variable_scope("Gen"):
      z = Uniform(a=tf.zeros([M, 8]), b=tf.ones([M, 8]))
      x = generative_network(z)

    inference = ed.GANInference(data={x: x_ph},
                                discriminator=discriminative_network)
    inference.initialize(optimizer=tf.train.AdamOptimizer(1e-3, beta1=0.5),
                         optimizer_d=tf.train.AdamOptimizer(1e-3, beta1=0.5),
                         n_iter=20, n_print=0)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    sess = ed.get_session()
    tf.global_variables_initializer().run()
    for _ in range(inference.n_iter):
      x_batch, _ = mnist.train.next_batch(M)
      feed = {x_ph: x_batch, is_training: True}
      info_dict = inference.update(feed_dict=feed)
      sess.run(update_ops, feed)

    print("t", info_dict["t"], len(update_ops))
    print("epochs", mnist.train.epochs_completed)
    moving = {v.op.name: sess.run(v) for v in tf.global_variables()
              if "moving_" in v.op.name}
    for name in sorted(moving):
      print(name, float(np.abs(moving[name] - (name.endswith("variance")))
                        .max()))
    samples = sess.run(x, {is_training: False})
    print("samples", samples.shape[0], samples.shape[1],
          float(samples.min()), float(samples.max()))
    """)

KERAS_DCGAN = textwrap.dedent("""\
    import numpy as np
    from keras.models import Sequential
    from keras.layers import Dense, Reshape
    from keras.layers.core import Activation, Flatten
    from keras.layers.normalization import BatchNormalization
    from keras.layers.convolutional import UpSampling2D, Conv2D
    from keras.layers.advanced_activations import LeakyReLU
    from keras.optimizers import SGD


    def generator_model():
      model = Sequential()
      model.add(Dense(input_dim=16, output_dim=7 * 7 * 8))
      model.add(BatchNormalization())
      model.add(Activation("tanh"))
      model.add(Reshape((7, 7, 8)))
      model.add(UpSampling2D(size=(2, 2)))
      model.add(Conv2D(1, (3, 3), border_mode="same"))
      model.add(Activation("tanh"))
      return model


    def discriminator_model():
      model = Sequential()
      model.add(Conv2D(4, (3, 3), subsample=(2, 2), border_mode="same",
                       input_shape=(14, 14, 1)))
      model.add(LeakyReLU(0.2))
      model.add(Flatten())
      model.add(Dense(output_dim=1, init="zero"))
      model.add(Activation("sigmoid"))
      return model


    np.random.seed(0)
    g = generator_model()
    d = discriminator_model()
    d.compile(loss="binary_crossentropy", optimizer=SGD(0.01))
    noise = np.random.uniform(-1, 1, (4, 16))
    fake = g.predict(noise, verbose=0)
    loss = d.train_on_batch(fake, np.zeros(4))
    print("fake", *fake.shape, float(np.abs(fake).max()))
    # The discriminator starts at weights 0 (init="zero" was honoured):
    # p = 0.5 for every image, so the loss is log 2.
    print("loss", float(loss))
    """)


def _write_idx(path, array):
  header = bytes([0, 0, 8, array.ndim]) + b"".join(
      struct.pack(">I", size) for size in array.shape)
  with gzip.open(path, "wb") as handle:
    handle.write(header + array.astype(np.uint8).tobytes())


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
  base = tmp_path_factory.mktemp("legacy_gans")
  data = base / "MNIST_data"
  data.mkdir()
  rng = np.random.RandomState(0)
  # input_data holds out 5000 images for validation: 5012 leave 12 to train.
  images = np.zeros((5012, 28, 28), np.uint8)
  images[:, 6:22, 12:16] = rng.randint(128, 256, (5012, 1, 1))
  images[:, 14, 14] = 255
  _write_idx(str(data / "train-images-idx3-ubyte.gz"), images)
  _write_idx(str(data / "train-labels-idx1-ubyte.gz"),
             rng.randint(0, 10, 5012))
  _write_idx(str(data / "t10k-images-idx3-ubyte.gz"), images[:3])
  _write_idx(str(data / "t10k-labels-idx1-ubyte.gz"), rng.randint(0, 10, 3))
  commands, results = {}, {}
  for name, source in (("edward", EDWARD_DCGAN), ("keras", KERAS_DCGAN)):
    upgraded = upgrade_source(source, name + ".py")
    results[name] = upgraded
    (base / (name + ".py")).write_text(upgraded.text)
    commands[name] = (base, [name + ".py", str(data)])
  return results, run_all(commands, timeout=600)


def _lines(stdout):
  return {line.split()[0]: line.split()[1:] for line in stdout.splitlines()
          if line.strip()}


@pytest.mark.parametrize("name", ["edward", "keras"])
def test_the_upgrade_leaves_nothing_to_do_by_hand(runs, name):
  upgraded, _ = runs
  assert [entry for entry in upgraded[name].log
          if entry.level != "INFO"] == []


def test_upgraded_edward_dcgan_reads_mnist_and_trains_with_batch_norm(runs):
  upgraded, processes = runs
  text = upgraded["edward"].text
  assert "from edward_lite.datasets import input_data" in text
  assert "z = Uniform(low=tf.zeros([M, 8]), high=tf.ones([M, 8]))" in text
  assert "h = tf.nn.relu(batch_norm(" in text
  assert "normalizer_fn=batch_norm," in text
  process = processes["edward"]
  assert process.returncode == 0, process.stderr[-3000:]
  printed = _lines(process.stdout)
  # 12 training images after the 5000 of validation; pixels in [0, 1].
  assert printed["data"][:4] == ["12", "5000", "3", "784"]
  assert [float(value) for value in printed["data"][4:6]] == pytest.approx(
      [0.0, 1.0], abs=1e-6)
  assert printed["data"][6] == "10"
  # Two update ops for each of the four batch norm calls: g_bn0, the
  # first transposed convolution's, and d_bn1 on real and on fake data.
  assert printed["t"] == ["20", "8"]
  # 20 batches of 8 from 12 images: 160 examples, 13 epochs completed.
  assert printed["epochs"] == ["13"]
  moved = {name: float(values[0]) for name, values in printed.items()
           if "moving_" in name}
  assert sorted(moved) == [
      "Disc/d_bn1/moving_mean", "Disc/d_bn1/moving_variance",
      "Gen/Conv2d_transpose/BatchNorm/moving_mean",
      "Gen/Conv2d_transpose/BatchNorm/moving_variance",
      "Gen/g_bn0/moving_mean", "Gen/g_bn0/moving_variance"]
  # UPDATE_OPS ran: every average left its start (0 for means, 1 for
  # variances).
  assert all(value > 1e-4 for value in moved.values()), moved
  samples = printed["samples"]
  assert samples[:2] == ["8", "784"]
  assert 0.0 <= float(samples[2]) <= float(samples[3]) <= 1.0


def test_upgraded_keras_dcgan_builds_and_trains(runs):
  upgraded, processes = runs
  text = upgraded["keras"].text
  assert "from tf_keras.layers import BatchNormalization" in text
  assert "model.add(Dense(input_dim=16, units=7 * 7 * 8))" in text
  assert "model.add(Conv2D(1, (3, 3), padding=\"same\"))" in text
  process = processes["keras"]
  assert process.returncode == 0, process.stderr[-3000:]
  printed = _lines(process.stdout)
  assert printed["fake"][:4] == ["4", "14", "14", "1"]
  assert float(printed["fake"][4]) <= 1.0
  assert float(printed["loss"][0]) == pytest.approx(np.log(2.0), rel=1e-5)
