"""Turns Edward's `optimizer` argument into a `tf.train.Optimizer`.

Edward wrote this logic twice (VariationalInference and GANInference);
here both call `build_optimizer`.
"""

from edward_lite._tf import tf, tf1

__all__ = [
    "OPTIMIZER_NAMES",
    "build_optimizer",
    "check_optimizer",
    "check_var_list",
    "gate_gradients",
]

# Name -> constructor taking the learning rate, Edward's list.
_OPTIMIZERS_BY_NAME = {
    "gradientdescent": tf1.train.GradientDescentOptimizer,
    "adadelta": tf1.train.AdadeltaOptimizer,
    "adagrad": tf1.train.AdagradOptimizer,
    "momentum": lambda learning_rate: tf1.train.MomentumOptimizer(
        learning_rate, 0.9),
    "adam": tf1.train.AdamOptimizer,
    "ftrl": tf1.train.FtrlOptimizer,
    "rmsprop": tf1.train.RMSPropOptimizer,
}

OPTIMIZER_NAMES = tuple(sorted(_OPTIMIZERS_BY_NAME))


def build_optimizer(optimizer, global_step):
  """Returns an optimizer and its global step, with Edward's defaults.

  With neither argument, a new `global_step` variable is made and Adam
  runs on a learning rate of 0.1 decayed by 0.9 every 100 steps of it.
  A named optimizer uses that same decaying rate when `global_step` is a
  variable, and a fixed 0.01 otherwise.

  Args:
    optimizer: str, tf.compat.v1.train.Optimizer or None. One of
      `OPTIMIZER_NAMES`, an optimizer instance (used as it is), or None.
    global_step: tf.Variable or None. The step counter that
      `apply_gradients` increments.

  Returns:
    (tf.compat.v1.train.Optimizer, tf.Variable or None).

  Raises:
    ValueError: if `optimizer` is a string that names no optimizer.
    TypeError: if `optimizer` or `global_step` has the wrong type.
  """
  check_optimizer(optimizer, global_step)
  if optimizer is None and global_step is None:
    # Edward's default optimizer always decays on its own step counter.
    global_step = tf1.Variable(0, trainable=False, name="global_step")
  if isinstance(optimizer, tf1.train.Optimizer):
    return optimizer, global_step

  if global_step is not None:
    learning_rate = tf1.train.exponential_decay(
        0.1, global_step, 100, 0.9, staircase=True)
  else:
    learning_rate = 0.01
  name = "adam" if optimizer is None else optimizer
  return _OPTIMIZERS_BY_NAME[name](learning_rate), global_step


def check_optimizer(optimizer, global_step,
                    names=("optimizer", "global_step")):
  """Raises the error `build_optimizer` would, without building anything.

  Args:
    optimizer: what `build_optimizer` takes.
    global_step: what `build_optimizer` takes.
    names: (str, str). The arguments' names, for the messages. Edward's
      messages for the generator's `optimizer` are kept as they were;
      those for another name (the discriminator's `optimizer_d`) start
      with it.

  Raises:
    ValueError: if `optimizer` is a string that names no optimizer, or
      `global_step` is not a scalar of the default graph.
    TypeError: if `optimizer` or `global_step` has the wrong type.
  """
  optimizer_name, step_name = names
  prefix = "" if optimizer_name == "optimizer" else optimizer_name + ": "
  if global_step is not None and not isinstance(global_step, tf.Variable):
    raise TypeError("{} must be a tf.Variable or None; got {}.".format(
        step_name, type(global_step).__name__))
  if global_step is not None:
    _check_step_variable(global_step, step_name)
  if optimizer is not None and not isinstance(
      optimizer, (str, tf1.train.Optimizer)):
    raise TypeError(prefix + "Optimizer must be str, tf.train.Optimizer, or "
                    "None.")
  if isinstance(optimizer, str) and optimizer not in _OPTIMIZERS_BY_NAME:
    raise ValueError("{}Optimizer class not found: {} (expected one of "
                     "{}).".format(prefix, optimizer,
                                   ", ".join(OPTIMIZER_NAMES)))


def _check_step_variable(global_step, name):
  """A step counter is a real scalar of the graph being built.

  Integer, as `tf.train.get_or_create_global_step` makes it, or floating
  point, which Edward accepted too (its learning-rate schedule and
  `apply_gradients` take either). A vector counter would make the
  schedule and `t` disagree.
  """
  if global_step.graph is not tf1.get_default_graph():
    raise ValueError("{} must be a variable of the default graph; {} belongs "
                     "to another graph.".format(name, global_step.name))
  dtype = global_step.dtype.base_dtype
  if not (dtype.is_integer or dtype.is_floating):
    raise TypeError("{} must be an integer or float tf.Variable; got dtype "
                    "{}.".format(name, dtype.name))
  if global_step.shape.ndims != 0:
    raise ValueError("{} must be a scalar tf.Variable; got shape {}.".format(
        name, global_step.shape))


def check_var_list(var_list, name="var_list"):
  """Raises unless `var_list` is None or a non-empty list of tf.Variable.

  Args:
    var_list: the argument to check.
    name: str. The argument's name, for the message.

  Raises:
    TypeError: if `var_list` is not None or a list of tf.Variable.
    ValueError: if it is empty, or holds a variable of another graph.
  """
  if var_list is None:
    return
  if (not isinstance(var_list, (list, tuple)) or
      not all(isinstance(v, tf.Variable) for v in var_list)):
    raise TypeError("{} must be a list of tf.Variable or None.".format(name))
  if not var_list:
    raise ValueError("{} must hold at least one tf.Variable; got an empty "
                     "list.".format(name))
  graph = tf1.get_default_graph()
  for variable in var_list:
    if variable.graph is not graph:
      raise ValueError("{} holds {}, a variable of another graph than the "
                       "default graph.".format(name, variable.name))


def gate_gradients(grads_and_vars, tensors):
  """Makes every gradient wait until all of `tensors` are computed.

  An optimizer's update of a variable need not wait for reads of that
  variable which its gradient does not use (the read of `a` in `a * z`
  when differentiating by `a`, or the generator's variables read by the
  discriminator's loss). Without this gate a session call that fetches a
  loss and runs a train op may compute the loss from some updated
  variables, and two train ops run together may each see the other's
  update: results then depend on thread timing. Gating the gradients on
  the losses fetched in the same call makes every step read the
  variables as they were before it.

  Args:
    grads_and_vars: list of (gradient or None, tf.Variable).
    tensors: list of tf.Tensor, typically the losses of the step.

  Returns:
    list of (gradient or None, tf.Variable), gated.
  """
  gated = []
  with tf1.name_scope("gate_gradients"), tf.control_dependencies(tensors):
    for grad, var in grads_and_vars:
      if isinstance(grad, tf.IndexedSlices):
        grad = tf.IndexedSlices(tf.identity(grad.values), grad.indices,
                                grad.dense_shape)
      elif grad is not None:
        grad = tf.identity(grad)
      gated.append((grad, var))
  return gated
