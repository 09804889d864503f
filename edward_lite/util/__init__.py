"""Edward's utilities: sessions, seeds, progress bar, checks, graph walks,
graph copies (`copy`) and `dot`."""

from edward_lite.util.random_variables import (
    check_data, check_latent_vars, get_ancestors, get_blanket, get_children,
    get_descendants, get_parents, get_siblings, get_variables)
# Imported after the submodule `random_variables`, whose import binds the
# package attribute of that name to the module: Edward's public
# `random_variables` is the function.
from edward_lite.util.graphs import get_session, random_variables, set_seed
from edward_lite.util.node_copy import copy
from edward_lite.util.progbar import Progbar
from edward_lite.util.tensor_ops import dot

__all__ = [
    "Progbar",
    "check_data",
    "check_latent_vars",
    "copy",
    "dot",
    "get_ancestors",
    "get_blanket",
    "get_children",
    "get_descendants",
    "get_parents",
    "get_session",
    "get_siblings",
    "get_variables",
    "random_variables",
    "set_seed",
]
