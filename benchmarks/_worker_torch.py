"""The benchmark's BiGANs in PyTorch, eager and `torch.compile`d.

Run in a worker process (benchmarks/_worker.py), as the TF2 ways are.
PyTorch is no dependency of edward_lite: without it, the ways asked for
are skipped with a line saying how to install it.
"""

__all__ = ["MISSING", "torch_ways"]

LEAK = 0.2
NAMES = (("torch_eager", False), ("torch_compile", True))
MISSING = ("PyTorch is not installed (pip install torch==2.13.0 for the CPU "
           "build)")


def _mlp(nn, sizes):
  """Edward's MLPs: (generator, encoder, discriminator of (x, z))."""
  hidden = sizes["hidden"]
  generator = nn.Sequential(nn.Linear(sizes["latent"], hidden),
                            nn.LeakyReLU(LEAK),
                            nn.Linear(hidden, sizes["pixels"]), nn.Sigmoid())
  encoder = nn.Sequential(nn.Linear(sizes["pixels"], hidden),
                          nn.LeakyReLU(LEAK),
                          nn.Linear(hidden, sizes["latent"]))
  return generator, encoder, _pair_discriminator(
      nn, nn.Identity(), nn.Sequential(
          nn.Linear(sizes["pixels"] + sizes["latent"], hidden),
          nn.LeakyReLU(LEAK), nn.Linear(hidden, 1)))


def _conv(nn, sizes):
  """The DCGAN-style networks of benchmarks/_conv_networks.py, channels first.

  "Same" padding of a stride-2 convolution of a KxK kernel is
  (K - 1) // 2 on each side here, and the transposed one adds K % 2 rows
  and columns, so that every shape is TensorFlow's.
  """
  first, second = sizes["channels"]
  kernel, quarter = sizes["kernel"], sizes["side"] // 4
  pad, extra = (kernel - 1) // 2, kernel % 2

  def normalized(channels):
    # tf.contrib's decay=0.9 is PyTorch's momentum=0.1.
    return nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1)

  def image_features():
    return [nn.Conv2d(1, first, kernel, 2, pad), nn.LeakyReLU(LEAK),
            nn.Conv2d(first, second, kernel, 2, pad), normalized(second),
            nn.LeakyReLU(LEAK), nn.Flatten()]

  flat = second * quarter * quarter
  generator = nn.Sequential(
      nn.Linear(sizes["latent"], flat), nn.Unflatten(1, (second, quarter,
                                                         quarter)),
      normalized(second), nn.ReLU(),
      nn.ConvTranspose2d(second, first, kernel, 2, pad, extra),
      normalized(first), nn.ReLU(),
      nn.ConvTranspose2d(first, 1, kernel, 2, pad, extra), nn.Sigmoid())
  encoder = nn.Sequential(*image_features(), nn.Linear(flat, sizes["latent"]))
  return generator, encoder, _pair_discriminator(
      nn, nn.Sequential(*image_features()),
      nn.Linear(flat + sizes["latent"], 1))


def _pair_discriminator(nn, features, head):
  """A module of (x, z): head(concat(features(x), z))."""
  import torch  # pylint: disable=g-import-not-at-top

  class PairDiscriminator(nn.Module):

    def __init__(self):
      super(PairDiscriminator, self).__init__()
      self.features = features
      self.head = head

    def forward(self, x, z):
      return self.head(torch.cat([self.features(x), z], 1))

  return PairDiscriminator()


def torch_ways(sizes, pools, wanted, compile_too):
  """The PyTorch ways asked for, as step functions.

  Args:
    sizes: dict, the model's sizes.
    pools: (x batches, z batches), lists of NumPy arrays (images channels
      last, as TensorFlow takes them).
    wanted: set of way names.
    compile_too: bool. Whether torch.compile may run (its compile takes
      minutes).

  Returns:
    (dict of name to step function, dict of name to why it was skipped).
  """
  wanted = {name for name, compiled in NAMES
            if name in wanted and (compile_too or not compiled)}
  try:
    import torch  # pylint: disable=g-import-not-at-top
  except ImportError:
    # A way that was not asked for says so, whether or not PyTorch is here.
    return {}, {name: MISSING if name in wanted else "not requested"
                for name, _ in NAMES}
  from torch import nn  # pylint: disable=g-import-not-at-top
  from torch.func import functional_call  # pylint: disable=g-import-not-at-top

  conv = sizes.get("model") == "conv"
  # PyTorch's convolutions take channels first.
  x_pool = [torch.from_numpy(x.transpose(0, 3, 1, 2).copy() if conv else x)
            for x in pools[0]]
  z_pool = [torch.from_numpy(z) for z in pools[1]]
  bce = nn.functional.binary_cross_entropy_with_logits

  def mean_cross_entropy(logits_one, logits_zero):
    """mean(CE(logits_one, 1) + CE(logits_zero, 0)), as inferences/_adversarial/losses.py."""
    return (bce(logits_one, torch.ones_like(logits_one), reduction="none") +
            bce(logits_zero, torch.zeros_like(logits_zero),
                reduction="none")).mean()

  def make(compiled):
    torch.manual_seed(42)
    generator, encoder, discriminator = (_conv if conv else _mlp)(nn, sizes)
    gen_params = list(generator.parameters()) + list(encoder.parameters())
    optimizer = torch.optim.Adam(gen_params)
    optimizer_d = torch.optim.Adam(discriminator.parameters())

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
      d_data = functional_call(discriminator, frozen, (x, zf))
      d_model = functional_call(discriminator, frozen, (xf, z))
      loss = mean_cross_entropy(d_data, d_model)
      loss_d = mean_cross_entropy(discriminator(xf.detach(), z),
                                  discriminator(x, zf.detach()))
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
  for name, compiled in NAMES:
    if name not in wanted:
      skipped[name] = "not requested"
      continue
    ways[name] = make(compiled)
  return ways, skipped
