"""BiGAN's opt-in extensions to Edward's objective, and its networks.

Each extension is a keyword of `BiGANInference.initialize`, off by
default, so that the objective is Edward's unless asked:

- `options.py`: the keywords, checked before any op is built.
- `alad.py`: ALAD's cycle discriminators D_xx and D_zz (`alad=True`).
- `spectral_norm.py`: every discriminator's kernels divided by their
  largest singular value (`spectral_norm=True`).
- `averaging.py`: the moving average of the encoder's and generator's
  weights, and networks copied to read it (`ema_decay=...`).
- `networks.py`: `inference.networks`, the built encoder, generator
  and discriminators as functions of NumPy arrays.

ALICE's reconstruction (`reconstruction_weight=...`) is one loss term
(`_adversarial/losses.py`) on a copy of the generator
(`edward_lite.util.graph_copy`).
"""
