"""The keywords BiGANInference.initialize takes beyond Edward's.

Each is off by default, so that the objective is Edward's unless asked;
each is checked here, before any op is built, so that a bad value
leaves the graph as it was.
"""

import collections
import math
import numbers

from edward_lite.inferences._adversarial import losses

__all__ = ["BiGANOptions", "DEFAULT_OPTIONS", "pop_options"]

BiGANOptions = collections.namedtuple("BiGANOptions", [
    "reconstruction_weight", "reconstruction_reduction", "alad",
    "discriminator_xx", "discriminator_zz", "spectral_norm", "ema_decay"])
BiGANOptions.__doc__ = """BiGANInference's edward_lite options, checked.

Args:
  reconstruction_weight: float >= 0. ALICE's lambda; 0.0 is off.
  reconstruction_reduction: str. "mean" or "sum" over each example.
  alad: bool. ALAD's cycle discriminators D_xx and D_zz.
  discriminator_xx: callable or None. D_xx; None is the default network.
  discriminator_zz: callable or None. D_zz; None is the default network.
  spectral_norm: bool. Spectral normalization of every discriminator.
  ema_decay: float in [0, 1). Moving average of the encoder's and the
    generator's weights; 0.0 is off.
"""

DEFAULT_OPTIONS = BiGANOptions(
    reconstruction_weight=0.0, reconstruction_reduction="mean", alad=False,
    discriminator_xx=None, discriminator_zz=None, spectral_norm=False,
    ema_decay=0.0)

# The options `initialize` refuses under a tf.distribute strategy: the
# replicas' training with them is not tested (that every replica's copy
# of each variable stays equal, and the losses equal one device's), so
# edward_lite does not offer it. `ema_decay` is (tests/distribute/
# test_mirrored.py): its shadow weights are mirrored as the weights are.
NOT_DISTRIBUTED = ("alad", "spectral_norm")


def pop_options(kwargs):
  """Removes BiGANInference's own keywords from `kwargs` and checks them.

  Args:
    kwargs: dict. `initialize`'s keyword arguments; changed in place.

  Returns:
    BiGANOptions.

  Raises:
    TypeError: if an option has the wrong type.
    ValueError: if an option is out of range, `discriminator_xx` or
      `discriminator_zz` is given without `alad=True`, or an option is
      combined with a `strategy` that does not support it.
  """
  options = BiGANOptions(
      reconstruction_weight=kwargs.pop("reconstruction_weight", 0.0),
      reconstruction_reduction=kwargs.pop("reconstruction_reduction", "mean"),
      alad=kwargs.pop("alad", False),
      discriminator_xx=kwargs.pop("discriminator_xx", None),
      discriminator_zz=kwargs.pop("discriminator_zz", None),
      spectral_norm=kwargs.pop("spectral_norm", False),
      ema_decay=kwargs.pop("ema_decay", None))
  _check_reconstruction_weight(options.reconstruction_weight)
  if options.reconstruction_reduction not in (
      losses.RECONSTRUCTION_REDUCTIONS):
    raise ValueError("reconstruction_reduction must be 'mean' or 'sum'; got "
                     "{!r}.".format(options.reconstruction_reduction))
  for name in ("alad", "spectral_norm"):
    if not isinstance(getattr(options, name), bool):
      raise TypeError("{} must be a bool; got {!r}.".format(
          name, getattr(options, name)))
  for cycle in ("xx", "zz"):
    name = "discriminator_" + cycle
    value = getattr(options, name)
    if value is None:
      continue
    if not callable(value):
      raise TypeError("{} must be a callable function or None; got "
                      "{}.".format(name, type(value).__name__))
    if not options.alad:
      raise ValueError("{} is one of ALAD's discriminators: pass alad=True "
                       "with it.".format(name))
  decay = _checked_decay(options.ema_decay)
  if kwargs.get("strategy") is not None:
    used = [name for name in NOT_DISTRIBUTED if getattr(options, name)]
    if used:
      raise ValueError(
          "{} cannot be combined with strategy yet: edward_lite has not "
          "tested that the replicas train as one device does with {}; train "
          "on one device.".format(", ".join(used),
                                  "them" if len(used) > 1 else "it"))
  return options._replace(
      reconstruction_weight=float(options.reconstruction_weight),
      ema_decay=decay)


def _check_reconstruction_weight(weight):
  if isinstance(weight, bool) or not isinstance(weight, numbers.Real):
    raise TypeError("reconstruction_weight must be a float >= 0; got "
                    "{!r}.".format(weight))
  if not (math.isfinite(weight) and weight >= 0):
    raise ValueError("reconstruction_weight must be a finite float >= 0; "
                     "got {!r}.".format(weight))


def _checked_decay(decay):
  """`ema_decay` as a float, 0.0 for off (None or 0)."""
  if decay is None:
    return 0.0
  if isinstance(decay, bool) or not isinstance(decay, numbers.Real):
    raise TypeError("ema_decay must be None or a float in [0, 1); got "
                    "{!r}.".format(decay))
  if not 0.0 <= decay < 1.0:  # Also refuses NaN.
    raise ValueError("ema_decay must be in [0, 1); got {!r}.".format(decay))
  return float(decay)
