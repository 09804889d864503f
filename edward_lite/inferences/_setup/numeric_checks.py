"""The numeric checks of `initialize(debug=True)`, in the order NaN spreads.

`Inference.initialize(debug=True)` builds `op_check`, which each update
then runs: a `check_numerics` on every floating-point tensor that the
losses and gradients are computed from. Each check waits for the checks
of the tensors its own tensor is computed from, so that the error names
the first tensor that went wrong, the same one on every run.
"""

from edward_lite._tf import tf, tf1
from edward_lite.models.random_variable import RandomVariable
from edward_lite.util.graph_walk import upstream_tensors

__all__ = ["model_tensors", "numeric_checks"]


def numeric_checks(tensors):
  """One op that runs check_numerics on what `tensors` are computed from.

  Unlike `tf.add_check_numerics_ops` (Edward's choice), only the
  floating-point tensors that `tensors` are computed from are checked,
  so the checks need no feed beyond what an update feeds.

  Each check waits for the checks of the tensors its tensor is computed
  from. A NaN spreads downstream, so without this order whichever check
  happened to run first was reported; with it, the error names the
  first tensor that went wrong, the same one on every run.

  Args:
    tensors: list of tf.Tensor (or tf.IndexedSlices), typically the
      losses and their gradients.

  Returns:
    tf.Operation: the group of every check.
  """
  order = upstream_tensors([_dense(t) for t in tensors])
  waits = {}
  checks = []
  with tf1.name_scope("check_numerics"):
    for tensor in order:
      upstream = set()
      for parent in tensor.op.inputs:
        upstream.update(waits.get(parent.ref(), ()))
      if (tensor.dtype.is_floating and
          tensor.op._get_control_flow_context() is None):  # pylint: disable=protected-access
        with tf.control_dependencies(sorted(upstream, key=_op_name)):
          check = tf1.check_numerics(
              tensor, "Found NaN or Inf in {}".format(tensor.name)).op
        checks.append(check)
        waits[tensor.ref()] = (check,)
      else:
        waits[tensor.ref()] = tuple(upstream)
  return tf.group(*checks)


def model_tensors(latent_vars, data):
  """The tensors of `latent_vars` and `data`, keys and values.

  What the checks of an algorithm that subclasses `Inference` directly
  start from: every floating-point tensor these are computed from is
  checked.

  Args:
    latent_vars: dict. The inference's `latent_vars`.
    data: dict. The inference's `data`, bound.

  Returns:
    list of tf.Tensor or tf.Variable.
  """
  tensors = []
  for key, value in list(latent_vars.items()) + list(data.items()):
    for node in (key, value):
      if isinstance(node, RandomVariable):
        node = node.value()
      if isinstance(node, tf.Variable) or tf.is_tensor(node):
        tensors.append(node)
  return tensors


def _dense(tensor):
  if isinstance(tensor, tf.IndexedSlices):
    return tensor.values
  return tf.convert_to_tensor(tensor)


def _op_name(op):
  return op.name
