"""Random variables, as Edward 1's `ed.models` had them.

`RandomVariable` wraps a tensorflow-probability distribution and is a
tensor (its value); `random_variables` generates the concrete classes,
one per distribution, with Edward's argument names.
"""

from edward_lite.models.random_variable import RANDOM_VARIABLE_COLLECTION
from edward_lite.models.random_variable import RandomVariable
from edward_lite.models.random_variables import *  # pylint: disable=wildcard-import
from edward_lite.models import random_variables as _random_variables

__all__ = (["RandomVariable", "RANDOM_VARIABLE_COLLECTION"] +
           list(_random_variables.__all__))
