"""The same BiGAN in TF2 (`tf.function`) and PyTorch, timed in a child process.

edward_lite puts TensorFlow in graph mode for the whole process, so TF2's
eager `tf.function` (and, for symmetry, PyTorch) run here, in a process
of their own. The parent drives it over stdin/stdout, one JSON object a
line, so that its blocks interleave with the TF1 ways' blocks:

  parent: {"cmd": "block", "way": name, "count": n}
  child:  {"walls": [...], "cpus": [...]}

On start the child prints {"ready": [names], "skipped": {name: reason}}.

    python -m benchmarks._worker tf2 '{"batch": 100, ...}'
    python -m benchmarks._worker torch '{"batch": 100, ...}' --no-compile
"""

import json
import os
import sys

import numpy as np

__all__ = ["main"]

LEAK = 0.2


def _pools(sizes, seed=42, pool=16):
  rng = np.random.RandomState(seed)
  xs = [rng.binomial(1, 0.5, (sizes["batch"], sizes["pixels"]))
        .astype(np.float32) for _ in range(pool)]
  zs = [rng.standard_normal((sizes["batch"], sizes["latent"]))
        .astype(np.float32) for _ in range(pool)]
  return xs, zs


def _tf2_ways(sizes, skip):
  """tf.function steps with Keras 3 Dense layers and Keras 3 Adam."""
  import tensorflow as tf  # pylint: disable=g-import-not-at-top
  import keras  # pylint: disable=g-import-not-at-top

  xs, zs = _pools(sizes)
  x_pool = [tf.constant(x) for x in xs]
  z_pool = [tf.constant(z) for z in zs]

  def leaky(x):
    return tf.maximum(x, LEAK * x)

  def make(jit):
    hidden = sizes["hidden"]
    keras.utils.set_random_seed(42)
    generator = keras.Sequential([
        keras.Input((sizes["latent"],)), keras.layers.Dense(hidden, leaky),
        keras.layers.Dense(sizes["pixels"], "sigmoid")])
    encoder = keras.Sequential([
        keras.Input((sizes["pixels"],)), keras.layers.Dense(hidden, leaky),
        keras.layers.Dense(sizes["latent"])])
    discriminator = keras.Sequential([
        keras.Input((sizes["pixels"] + sizes["latent"],)),
        keras.layers.Dense(hidden, leaky), keras.layers.Dense(1)])
    gen_vars = generator.trainable_variables + encoder.trainable_variables
    disc_vars = discriminator.trainable_variables
    optimizer = keras.optimizers.Adam()
    optimizer_d = keras.optimizers.Adam()
    optimizer.build(gen_vars)
    optimizer_d.build(disc_vars)

    def cross_entropy(logits, label):
      labels = tf.ones_like(logits) if label else tf.zeros_like(logits)
      return tf.nn.sigmoid_cross_entropy_with_logits(labels, logits)

    @tf.function(jit_compile=jit)
    def step(x, z):
      with tf.GradientTape(persistent=True) as tape:
        d_data = discriminator(tf.concat([x, encoder(x)], 1))
        d_model = discriminator(tf.concat([generator(z), z], 1))
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
  for name, jit in (("tf2_function", False), ("tf2_function_xla", True)):
    if name in skip:
      skipped[name] = "not requested"
      continue
    ways[name] = make(jit)
  return ways, skipped


def _torch_ways(sizes, skip, compile_too):
  """PyTorch eager and torch.compile steps of the same model."""
  wanted = {name for name, compiled in (("torch_eager", False),
                                         ("torch_compile", True))
            if name not in skip and (compile_too or not compiled)}
  try:
    import torch  # pylint: disable=g-import-not-at-top
  except ImportError:
    # A way that was not asked for says so, whether or not PyTorch is here.
    reason = ("PyTorch is not installed (pip install torch==2.13.0 for the "
              "CPU build)")
    return {}, {name: reason if name in wanted else "not requested"
                for name in ("torch_eager", "torch_compile")}
  from torch import nn  # pylint: disable=g-import-not-at-top
  from torch.func import functional_call  # pylint: disable=g-import-not-at-top

  xs, zs = _pools(sizes)
  x_pool = [torch.from_numpy(x) for x in xs]
  z_pool = [torch.from_numpy(z) for z in zs]

  def make(compiled):
    torch.manual_seed(42)
    hidden = sizes["hidden"]
    generator = nn.Sequential(nn.Linear(sizes["latent"], hidden),
                              nn.LeakyReLU(LEAK),
                              nn.Linear(hidden, sizes["pixels"]), nn.Sigmoid())
    encoder = nn.Sequential(nn.Linear(sizes["pixels"], hidden),
                            nn.LeakyReLU(LEAK),
                            nn.Linear(hidden, sizes["latent"]))
    discriminator = nn.Sequential(
        nn.Linear(sizes["pixels"] + sizes["latent"], hidden),
        nn.LeakyReLU(LEAK), nn.Linear(hidden, 1))
    gen_params = list(generator.parameters()) + list(encoder.parameters())
    disc_params = list(discriminator.parameters())
    optimizer = torch.optim.Adam(gen_params)
    optimizer_d = torch.optim.Adam(disc_params)
    bce = nn.functional.binary_cross_entropy_with_logits

    def mean_cross_entropy(logits_one, logits_zero):
      """mean(CE(logits_one, 1) + CE(logits_zero, 0)), as _gan_losses."""
      return (bce(logits_one, torch.ones_like(logits_one), reduction="none") +
              bce(logits_zero, torch.zeros_like(logits_zero),
                  reduction="none")).mean()

    def objective(x, z):
      """Both objectives, summed so that one backward gives each side its own.

      The generator's objective sees the discriminator's parameters
      detached, and the discriminator's sees the encoder's and the
      generator's outputs detached: the gradient of the sum is, for each
      parameter, the gradient of its own side's objective, as the TF
      graph's two tf.gradients give. The discriminator runs on each pair
      twice for it.
      """
      zf, xf = encoder(x), generator(z)
      frozen = {name: p.detach()
                for name, p in discriminator.named_parameters()}
      d_data = functional_call(discriminator, frozen,
                               (torch.cat([x, zf], 1),))
      d_model = functional_call(discriminator, frozen,
                                (torch.cat([xf, z], 1),))
      loss = mean_cross_entropy(d_data, d_model)
      loss_d = mean_cross_entropy(
          discriminator(torch.cat([xf.detach(), z], 1)),
          discriminator(torch.cat([x, zf.detach()], 1)))
      return loss + loss_d, loss, loss_d

    def apply(optimizers):
      for opt in optimizers:
        opt.step()

    if compiled:
      objective = torch.compile(objective)
      apply = torch.compile(apply)
    counter = [0]

    def run_step():
      index = counter[0] % len(x_pool)
      counter[0] += 1
      total, loss, loss_d = objective(x_pool[index], z_pool[index])
      optimizer.zero_grad(set_to_none=True)
      optimizer_d.zero_grad(set_to_none=True)
      total.backward()
      apply((optimizer, optimizer_d))
      return loss.item(), loss_d.item()
    return run_step

  ways, skipped = {}, {}
  for name, compiled in (("torch_eager", False), ("torch_compile", True)):
    if name not in wanted:
      skipped[name] = "not requested"
      continue
    ways[name] = make(compiled)
  return ways, skipped


def main(argv=None):
  """Runs the worker: builds, warms up, then answers the parent's commands."""
  import time  # pylint: disable=g-import-not-at-top
  argv = sys.argv[1:] if argv is None else argv
  kind, sizes = argv[0], json.loads(argv[1])
  options = json.loads(argv[2]) if len(argv) > 2 else {}
  # Our answers go on the original stdout; anything a library prints goes
  # to stderr, where it cannot break the protocol.
  channel = os.fdopen(os.dup(sys.stdout.fileno()), "w")
  os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
  skip = set(options.get("skip", []))
  if kind == "tf2":
    ways, skipped = _tf2_ways(sizes, skip)
  elif kind == "torch":
    ways, skipped = _torch_ways(sizes, skip, options.get("compile", True))
  else:
    raise SystemExit("unknown worker kind {!r}".format(kind))
  setup = {}
  for name, step in ways.items():
    start = time.perf_counter()
    step()  # Traces or compiles.
    setup[name] = time.perf_counter() - start
  channel.write(json.dumps({"ready": sorted(ways), "skipped": skipped,
                            "first_step_s": setup}) + "\n")
  channel.flush()
  for line in sys.stdin:
    command = json.loads(line)
    if command["cmd"] == "quit":
      break
    step = ways[command["way"]]
    walls, cpus = [], []
    for _ in range(command["count"]):
      wall, cpu = time.perf_counter(), time.process_time()
      step()
      cpus.append(time.process_time() - cpu)
      walls.append(time.perf_counter() - wall)
    channel.write(json.dumps({"walls": walls, "cpus": cpus}) + "\n")
    channel.flush()


if __name__ == "__main__":
  main()
