"""A training step's ops and tensors, for code that runs or times it itself.

`step_fetches` is the public handle on what `GANInference.update` runs:
the benchmarks and profilers take a step's ops from here rather than
from an inference's internals.
"""

from edward_lite.inferences.gan_inference import GANInference

__all__ = ["step_fetches"]


def step_fetches(inference, variables=None):
  """The ops and tensors that one `inference.update(variables=...)` runs.

  `update` runs them in one session call and returns their values. Code
  that times or inspects a training step of its own (the benchmarks, a
  profiler, a look at the ops a step runs) takes them from here rather
  than from the inference's internals.

  Args:
    inference: GANInference (or BiGANInference, WGANInference),
      initialized.
    variables: str or None. As in `update`: None for the step of both
      networks, "Gen" for the generator's step, "Disc" for the
      discriminator's.

  Returns:
    dict, new at each call, from name to tf.Operation or tf.Tensor: the
    update op ("train", or "train_d" for "Disc"), "t" (the iteration
    number after it), and the losses the step computes ("loss",
    "loss_d").

  Raises:
    TypeError: if `inference` is not a GANInference, or `variables` is
      neither None nor a string.
    ValueError: if `variables` is a string other than "Gen" or "Disc".
    NotInitializedError: if `inference.initialize()` has not run.
  """
  if not isinstance(inference, GANInference):
    raise TypeError("inference must be a GANInference; got {}.".format(
        type(inference).__name__))
  return dict(inference._step_fetches(variables))  # pylint: disable=protected-access
