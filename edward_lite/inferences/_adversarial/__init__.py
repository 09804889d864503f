"""The adversarial family's objectives, scopes and train ops.

What `GANInference` and its subclasses share, apart from the classes:

- `losses.py`: each objective as a pure function of discriminator
  outputs (GAN, BiGAN, WGAN and its penalty, ALAD's cycles, ALICE's
  reconstruction, ImplicitKLqp's ratio losses).
- `lean_gradients.py`: the gradients of `lean_gradients=True`, with
  fewer ops for two patterns of Edward's models.
- `scopes.py`: the variable scope of each inference's discriminator,
  "Disc" or the next free name.
- `checks.py`: what the family refuses in its dictionaries, in
  `update(variables=...)` and in a discriminator's outputs.
- `train_ops.py`: the update ops of both sides from their gradients,
  the ops each step runs and what `update(variables=...)` fetches;
  one builder for one device and for every replica under a strategy.
"""
