"""Moving averages of the encoder's and generator's weights.

GAN training oscillates; the exponential moving average of the
generator's weights over the iterations (Yazici et al., 2019) gives
steadier samples, and ALAD (Zenati et al., 2018) scores anomalies with
the averaged networks. A `tf.train.ExponentialMovingAverage` keeps a
shadow copy s of each weight w, updated after each step that changes w:

    s_0 = w_0,   s_t = decay * s_{t-1} + (1 - decay) * w_t.

The averaged networks are graph copies of E(x), G(z) and G(E(x)) that
read the shadow variables where the originals read the weights
(`edward_lite.util.graph_copy`), so that they need no Python function of
the networks.

Under a tf.distribute strategy the weights are mirrored, one copy per
replica, kept equal by the all-reduced updates: the shadow variables are
mirrored too (made under the strategy's scope), each replica's copy
updated from its own copy of the weights. The networks were built in
cross-replica context, where reads go to each variable's primary copy,
so the averaged copies read the primary copies of the shadow variables.
"""

from edward_lite._tf import tf, tf1
from edward_lite.util.graph_copy import reconnect

__all__ = ["WeightAverager"]


class WeightAverager(object):
  """An exponential moving average of some variables, and averaged copies.

  Args:
    decay: float in (0, 1). The moving average's decay.
    var_list: list of tf.Variable. The weights to average.
  """

  def __init__(self, decay, var_list):
    self.decay = decay
    self.var_list = list(var_list)
    self.ema = tf1.train.ExponentialMovingAverage(decay)

  def after(self, train_op):
    """An op that runs `train_op`, then updates every average.

    The shadow variables are made by the first call. Each call builds its
    own update op, reading the weights `train_op` has just written.

    Args:
      train_op: tf.Operation. A step that updates the weights.

    Returns:
      tf.Operation.
    """
    with tf.control_dependencies([train_op]):
      return self.ema.apply(self.var_list)

  def averages(self):
    """list of tf.Variable: the shadow variables, in `var_list`'s order."""
    return [self.ema.average(v) for v in self.var_list]

  def copy(self, output):
    """A copy of `output` that reads the averaged weights.

    Args:
      output: tf.Tensor. A tensor computed from some of the weights.

    Returns:
      tf.Tensor. Its copy, or `output` itself if it reads none of them.
    """
    replacements = [(_handle(v), _handle(self.ema.average(v)))
                    for v in self.var_list]
    # The copies are read outside any step: no control dependency of the
    # caller's context belongs on them.
    with output.graph.control_dependencies(None):
      return reconnect(output, replacements, "ema_decay")


def _handle(variable):
  """The handle that reads of `variable` outside a replica use."""
  if isinstance(variable, tf.distribute.DistributedValues):
    variable = variable.values[0]  # the primary copy
  return variable.op.outputs[0]
