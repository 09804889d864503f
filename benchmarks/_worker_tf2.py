"""The benchmark's BiGANs in TF2: `tf.function` steps, Keras 3 layers and Adam.

Imported only in a worker process (benchmarks/_worker.py): edward_lite
puts TensorFlow in graph mode for the whole process that imports it.
"""

import keras
import tensorflow as tf

__all__ = ["LEAK", "tf2_ways"]

LEAK = 0.2
NAMES = (("tf2_function", False), ("tf2_function_xla", True))


def _mlp(sizes, leaky):
  """Edward's MLPs: (generator, encoder, discriminator on the pair)."""
  hidden = sizes["hidden"]
  generator = keras.Sequential([
      keras.Input((sizes["latent"],)), keras.layers.Dense(hidden, leaky),
      keras.layers.Dense(sizes["pixels"], "sigmoid")])
  encoder = keras.Sequential([
      keras.Input((sizes["pixels"],)), keras.layers.Dense(hidden, leaky),
      keras.layers.Dense(sizes["latent"])])
  joint = keras.Sequential([
      keras.Input((sizes["pixels"] + sizes["latent"],)),
      keras.layers.Dense(hidden, leaky), keras.layers.Dense(1)])

  def discriminator(x, z):
    return joint(tf.concat([x, z], 1))
  return generator, encoder, discriminator, [joint]


def _conv(sizes, leaky):
  """The DCGAN-style networks of benchmarks/_conv_networks.py in Keras 3."""
  first, second = sizes["channels"]
  kernel, side, quarter = sizes["kernel"], sizes["side"], sizes["side"] // 4
  layers = keras.layers

  def normalized():
    # tf.contrib's decay=0.9, epsilon=1e-5, as DCGAN-tensorflow set them.
    return layers.BatchNormalization(momentum=0.9, epsilon=1e-5)

  def image_features():
    return [layers.Conv2D(first, kernel, 2, "same", activation=leaky),
            layers.Conv2D(second, kernel, 2, "same"), normalized(),
            layers.Activation(leaky), layers.Flatten()]

  generator = keras.Sequential([
      keras.Input((sizes["latent"],)),
      layers.Dense(quarter * quarter * second),
      layers.Reshape((quarter, quarter, second)), normalized(), layers.ReLU(),
      layers.Conv2DTranspose(first, kernel, 2, "same"), normalized(),
      layers.ReLU(),
      layers.Conv2DTranspose(1, kernel, 2, "same", activation="sigmoid")])
  encoder = keras.Sequential([keras.Input((side, side, 1))] +
                             image_features() +
                             [layers.Dense(sizes["latent"])])
  features = keras.Sequential([keras.Input((side, side, 1))] +
                              image_features())
  logit = keras.Sequential([
      keras.Input((features.output_shape[-1] + sizes["latent"],)),
      layers.Dense(1)])

  def discriminator(x, z):
    return logit(tf.concat([features(x, training=True), z], 1))
  return generator, encoder, discriminator, [features, logit]


def tf2_ways(sizes, pools, wanted):
  """The TF2 ways asked for, as step functions.

  Args:
    sizes: dict, the model's sizes (`"model": "conv"` for the
      convolutional one).
    pools: (x batches, z batches), lists of NumPy arrays.
    wanted: set of way names.

  Returns:
    (dict of name to step function, dict of name to why it was skipped).
  """
  x_pool = [tf.constant(x) for x in pools[0]]
  z_pool = [tf.constant(z) for z in pools[1]]

  def leaky(x):
    return tf.maximum(x, LEAK * x)

  def cross_entropy(logits, label):
    labels = tf.ones_like(logits) if label else tf.zeros_like(logits)
    return tf.nn.sigmoid_cross_entropy_with_logits(labels, logits)

  def make(jit):
    keras.utils.set_random_seed(42)
    build = _conv if sizes.get("model") == "conv" else _mlp
    generator, encoder, discriminator, disc_models = build(sizes, leaky)
    gen_vars = generator.trainable_variables + encoder.trainable_variables
    disc_vars = [v for model in disc_models for v in model.trainable_variables]
    optimizer = keras.optimizers.Adam()
    optimizer_d = keras.optimizers.Adam()
    optimizer.build(gen_vars)
    optimizer_d.build(disc_vars)

    @tf.function(jit_compile=jit)
    def step(x, z):
      with tf.GradientTape(persistent=True) as tape:
        d_data = discriminator(x, encoder(x, training=True))
        d_model = discriminator(generator(z, training=True), z)
        loss_d = tf.reduce_mean(cross_entropy(d_model, 1) +
                                cross_entropy(d_data, 0))
        loss = tf.reduce_mean(cross_entropy(d_model, 0) +
                              cross_entropy(d_data, 1))
      grads = tape.gradient(loss, gen_vars)
      grads_d = tape.gradient(loss_d, disc_vars)
      optimizer.apply_gradients(zip(grads, gen_vars))
      optimizer_d.apply_gradients(zip(grads_d, disc_vars))
      return loss, loss_d

    counter = [0]

    def run_step():
      index = counter[0] % len(x_pool)
      counter[0] += 1
      loss, loss_d = step(x_pool[index], z_pool[index])
      # Read back, as update() returns the losses as numbers.
      return float(loss.numpy()), float(loss_d.numpy())
    return run_step

  ways, skipped = {}, {}
  for name, jit in NAMES:
    if name not in wanted:
      skipped[name] = "not requested"
      continue
    ways[name] = make(jit)
  return ways, skipped
