"""What the adversarial family refuses, and what it warns of.

Its dictionaries must each hold one pair (placeholder feeds aside), with
Edward's checks of keys and values first, and `update(variables=...)`
takes only None, "Gen" or "Disc". A BiGAN's latent pair written the
wrong way round, as Edward's own example did, is turned round with a
warning (`oriented`). A discriminator must give floating-point logits
(`check_discriminator_outputs`).
"""

import os
import sys
import warnings

from edward_lite._tf import tf
from edward_lite.inferences._setup.checks import check_array_values
from edward_lite.util.graph_walk import upstream_tensors
from edward_lite.util.graphs import as_tensor
from edward_lite.util.random_variables import (
    check_data, check_latent_vars, is_placeholder)

__all__ = [
    "VARIABLES_ERROR",
    "VariablesTypeError",
    "VariablesValueError",
    "check_dicts",
    "check_discriminator_outputs",
    "check_one_pair",
    "check_variables",
    "oriented",
]

VARIABLES_ERROR = "variables must be None, 'Gen', or 'Disc'."


class VariablesValueError(NotImplementedError, ValueError):
  """`update(variables=...)` got a string other than "Gen" or "Disc".

  Edward raised NotImplementedError; this is one, and also the
  ValueError that a bad argument value gives everywhere else.
  """


class VariablesTypeError(NotImplementedError, TypeError):
  """`update(variables=...)` got something that is not a string."""


def check_variables(variables):
  """`update`'s `variables` must be None, "Gen" or "Disc".

  Raises:
    VariablesValueError: for another string.
    VariablesTypeError: for anything else.
  """
  if variables is not None and not (
      isinstance(variables, str) and variables in ("Gen", "Disc")):
    if isinstance(variables, str):
      raise VariablesValueError(VARIABLES_ERROR)
    raise VariablesTypeError(VARIABLES_ERROR)


def check_dicts(latent_vars, data):
  """Edward's checks of both dictionaries, in Edward's order.

  Run before `check_one_pair`, so that a bad key or value gets Edward's
  error (a placeholder bound to a tf.Tensor: "The value of a feed cannot
  be a tf.Tensor object. ...") rather than a count of pairs.
  """
  check_latent_vars({} if latent_vars is None else latent_vars)
  if data is not None:
    check_array_values(data)
    check_data(data)


def check_one_pair(name, mapping):
  """Adversarial inference works on exactly one pair in `mapping`.

  In `data`, placeholder keys only say what to feed, so they do not count.
  """
  if mapping is None:
    mapping = {}  # Inference.__init__ reads None as an empty dict.
  if not isinstance(mapping, dict):
    return  # check_data and check_latent_vars say what is wrong.
  if name == "data":
    pairs = sum(1 for key in mapping if not is_placeholder(key))
    detail = " (placeholder feeds aside)"
  else:
    pairs, detail = len(mapping), ""
  if pairs != 1:
    raise ValueError(
        "{} must hold exactly one key-value pair for adversarial "
        "inference{}; got {}.".format(name, detail, pairs))


def oriented(latent_vars, x_fake):
  """`latent_vars` as {prior's z: E(x)}, turned round if written reversed.

  Reversed means: the generator's output G(z) is computed from the
  value and not from the key. Any other case is left as the user wrote
  it.
  """
  (key, value), = latent_vars.items()
  sources = {tensor.ref() for tensor in upstream_tensors(x_fake)}
  from_key = as_tensor(key).ref() in sources
  from_value = as_tensor(value).ref() in sources
  if from_key or not from_value:
    return latent_vars
  warnings.warn(
      "latent_vars is reversed: the generator's output {} is computed from "
      "the value {}, not from the key {}. BiGANInference takes "
      "latent_vars={{prior's z: encoder's output}}; Edward's "
      "examples/bigan.py wrote {{encoder's output: z}}, which trains on "
      "mismatched pairs. Using {{{}: {}}}.".format(
          x_fake.name, as_tensor(value).name, as_tensor(key).name,
          as_tensor(value).name, as_tensor(key).name),
      UserWarning, stacklevel=3)
  return {value: key}


def check_discriminator_outputs(outputs, inputs):
  """Checks that the discriminator gave floating-point tensors of logits.

  Any shape is taken, as Edward took it: the losses average every
  element of each output, so one logit per example ((N,) or (N, 1)),
  several ((N, k), a Keras head ending in `Dense(k)`), one for the whole
  batch (a scalar), and different shapes for real and generated data
  all train as under Edward 1.3.5.

  An output whose first dimension is not its input's number of examples
  (a transposed or sliced output) trains too, as in Edward, with a
  `UserWarning`: it is more often a mistake in the network than meant.

  Args:
    outputs: list. What each call of the discriminator returned.
    inputs: list. The first argument of each call (the batch).

  Returns:
    list of tf.Tensor: the outputs as tensors.

  Raises:
    TypeError: if an output is not a floating-point tensor.
  """
  tensors = []
  for output, batch in zip(outputs, inputs):
    if not tf.is_tensor(output):
      raise TypeError("discriminator must return a tf.Tensor of logits; got "
                      "{}.".format(type(output).__name__))
    output = tf.convert_to_tensor(output)
    if not output.dtype.is_floating:
      raise TypeError("discriminator must return floating-point logits; got "
                      "dtype {}.".format(output.dtype.name))
    tensors.append(output)
    _warn_of_another_batch_size(output.shape, getattr(batch, "shape", None))
  return tensors


def _warn_of_another_batch_size(shape, batch_shape):
  """Warns when an output's first dimension is not its input's examples."""
  if shape.ndims is None or shape.ndims == 0 or shape[0] is None:
    return
  if batch_shape is None or not batch_shape.ndims or batch_shape[0] is None:
    return
  if shape[0] != batch_shape[0]:
    warnings.warn(
        "discriminator: its input has {} examples but its output has shape "
        "{}; the losses average every element of it, as Edward's did."
        .format(batch_shape[0], tuple(shape.as_list())), UserWarning,
        stacklevel=_first_level_outside_the_package())


# edward_lite/, three levels above this file.
_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def _first_level_outside_the_package():
  """The stacklevel of the first frame outside edward_lite, for `warn`.

  The depth of edward_lite's own frames differs between the inference
  classes and their decorators; the warning belongs to the user's line.
  """
  frame, level = sys._getframe(1), 1  # pylint: disable=protected-access
  while frame is not None and os.path.abspath(
      frame.f_code.co_filename).startswith(_PACKAGE_DIR + os.sep):
    frame, level = frame.f_back, level + 1
  return level
