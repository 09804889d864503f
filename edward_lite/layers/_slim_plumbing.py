"""What tf.contrib's and slim's layers did around their math.

Their variables went to MODEL_VARIABLES as well as GLOBAL_VARIABLES,
with extra collections per variable name; their outputs were collected
under the layer's scope name as an alias; and slim's `arg_scope` could
set their arguments. `batch_norm.py` keeps the normalization; this
module keeps that plumbing, so that the next contrib layer can reuse it.
"""

import sys

from edward_lite._tf import tf1

__all__ = ["collect_named_outputs", "collections_for", "model_variable",
           "register_with_slim_arg_scope"]


def collections_for(variables_collections, name):
  if isinstance(variables_collections, dict):
    return variables_collections.get(name)
  return variables_collections


def model_variable(name, shape, dtype, initializer, regularizer,
                    collections, trainable):
  """A variable in GLOBAL_VARIABLES and MODEL_VARIABLES, as slim made them."""
  collections = list(collections or []) + [
      tf1.GraphKeys.GLOBAL_VARIABLES, tf1.GraphKeys.MODEL_VARIABLES]
  return tf1.get_variable(name, shape, dtype, initializer,
                          regularizer=regularizer, trainable=trainable,
                          collections=collections)


def collect_named_outputs(collections, alias, outputs):
  """Adds `outputs` to `collections` under `alias`, as slim did."""
  if collections:
    aliases = getattr(outputs, "aliases", None)
    if aliases is None:
      outputs.aliases = aliases = []
    aliases.append(alias[:-1] if alias.endswith("/") else alias)
    tf1.add_to_collections(collections, outputs)
  return outputs


def register_with_slim_arg_scope(function):
  """`function`, registered with tf_slim's arg_scope if tf_slim is loaded.

  Importing tf_slim only for this would slow down every script that
  does not use it, so only an already imported tf_slim is used; the
  upgrade tool's rewritten code imports tf_slim first.
  """
  if "tf_slim" not in sys.modules:
    return function
  from tf_slim.ops import arg_scope  # pylint: disable=g-import-not-at-top
  return arg_scope.add_arg_scope(function)
