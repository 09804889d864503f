"""A legacy Edward BiGAN script, run as it is, for the start-up benchmark.

Edward's MNIST BiGAN (benchmarks/_models.py has the same sizes), written
the way Edward's examples were: placeholders, `tf.layers` networks under
"Gen", `ed.BiGANInference`, `initialize`, `ed.get_session()`, the
variables' initializer, then `update(feed_dict)`. It prints one line
after its first finished step, which `benchmarks.startup` waits for.

    python benchmarks/legacy_bigan.py              # as a legacy script runs
    python benchmarks/legacy_bigan.py --tf-threads # TensorFlow's threads
"""

import sys

import numpy as np
import edward_lite as ed
import tensorflow.compat.v1 as tf

M, PIXELS, LATENT, HIDDEN = 100, 784, 50, 300


def leaky_relu(x):
  return tf.maximum(x, 0.2 * x)


def discriminator(x, z):
  joint = tf.concat([x, z], 1)
  return tf.layers.dense(tf.layers.dense(joint, HIDDEN, leaky_relu), 1)


def main(argv):
  ed.set_seed(42)
  x_ph = tf.placeholder(tf.float32, [M, PIXELS])
  z_ph = tf.placeholder(tf.float32, [M, LATENT])
  with tf.variable_scope("Gen"):
    xf = tf.layers.dense(tf.layers.dense(z_ph, HIDDEN, leaky_relu), PIXELS,
                         tf.sigmoid)
    zf = tf.layers.dense(tf.layers.dense(x_ph, HIDDEN, leaky_relu), LATENT)
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)
  options = {}
  if "--tf-threads" in argv:
    options = dict(intra_op_parallelism_threads=0,
                   inter_op_parallelism_threads=0)
  inference.initialize(optimizer=tf.train.AdamOptimizer(),
                       optimizer_d=tf.train.AdamOptimizer(), n_iter=1,
                       n_print=0, **options)
  sess = ed.get_session()
  tf.global_variables_initializer().run()
  rng = np.random.RandomState(0)
  inference.update({x_ph: rng.binomial(1, 0.5, (M, PIXELS)).astype(np.float32),
                    z_ph: rng.standard_normal((M, LATENT)).astype(np.float32)})
  print("first step done", flush=True)
  del sess


if __name__ == "__main__":
  main(sys.argv[1:])
