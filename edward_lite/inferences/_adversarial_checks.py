"""What the adversarial family refuses before it builds anything.

Its dictionaries must each hold one pair (placeholder feeds aside), with
Edward's checks of keys and values first, and `update(variables=...)`
takes only None, "Gen" or "Disc". A BiGAN's latent pair written the
wrong way round, as Edward's own example did, is turned round with a
warning (`oriented`).
"""

import warnings

from edward_lite.inferences import _checks
from edward_lite.util.graph_walk import upstream_tensors
from edward_lite.util.graphs import as_tensor
from edward_lite.util.random_variables import (
    check_data, check_latent_vars, is_placeholder)

__all__ = [
    "VARIABLES_ERROR",
    "VariablesTypeError",
    "VariablesValueError",
    "check_dicts",
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
    _checks.check_array_values(data)
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
