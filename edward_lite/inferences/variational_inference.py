"""The abstract base class of optimization-based inference."""

import abc

from edward_lite._tf import tf, tf1
from edward_lite.inferences._setup.guard import guarded
from edward_lite.inferences._setup.optimizers import (
    build_optimizer, check_optimizer, check_var_list, gate_gradients)
from edward_lite.inferences.inference import Inference
from edward_lite.models.random_variable import RandomVariable
from edward_lite.util.random_variables import get_variables

__all__ = ["VariationalInference"]


class VariationalInference(Inference):
  """Abstract base class for variational inference.

  Subclasses share the optimizer set-up of `initialize` and the update
  loop; at the minimum they implement `build_loss_and_gradients`, which
  gives the loss and the gradients the optimizer applies.
  """

  # The checks of `debug=True` are built from the losses and gradients.
  _builds_own_numeric_checks = True

  # A refused call takes back what it built (see `_setup/guard.py`).
  @guarded
  def initialize(self, optimizer=None, var_list=None, use_prettytensor=False,
                 global_step=None, *args, **kwargs):
    """Sets hyperparameters and builds the algorithm's ops.

    Args:
      optimizer: str or tf.train.Optimizer. The optimizer of the
        variational objective, or the name of one ('adam', 'rmsprop',
        ...) to use with default parameters.
      var_list: list of tf.Variable. Variables to optimize. Default is
        every trainable variable that `latent_vars` and `data` depend on,
        except those only used in conditionals in `data`.
      use_prettytensor: bool. Edward's PrettyTensor switch. PrettyTensor
        does not run on TensorFlow 2, so only False is accepted.
      global_step: tf.Variable. Counter that the optimizer increments.
      *args: passed to `Inference.initialize`.
      **kwargs: passed to `Inference.initialize`.

    Raises:
      ValueError: if `use_prettytensor` is True, or `optimizer` names no
        optimizer.
      TypeError: if `optimizer` or `global_step` has the wrong type.

    #### Notes

    A call that raises leaves neither variables nor collection entries
    behind (see `edward_lite/inferences/_setup/atomic.py`).
    """
    if use_prettytensor:
      raise ValueError("use_prettytensor=True needs PrettyTensor, which does "
                       "not run on TensorFlow 2; pass use_prettytensor=False.")
    check_optimizer(optimizer, global_step)
    check_var_list(var_list)
    super(VariationalInference, self).initialize(*args, **kwargs)

    if var_list is None:
      var_list = self._default_var_list()
    self.var_list = var_list
    self.loss, grads_and_vars = self.build_loss_and_gradients(var_list)

    if self.logging:
      tf1.summary.scalar("loss", self.loss, collections=[self._summary_key])
      for grad, var in grads_and_vars:
        name = var.name.replace(":", "/")
        tf1.summary.histogram("gradient/" + name, grad,
                              collections=[self._summary_key])
        tf1.summary.scalar("gradient_norm/" + name, tf.norm(grad),
                           collections=[self._summary_key])
      self.summarize = tf1.summary.merge_all(key=self._summary_key)

    gates = [self.loss]
    if self.debug:
      # Checked before the update, so that a step that fails its checks
      # changes no variable.
      self._build_numeric_checks(
          [self.loss] + [g for g, _ in grads_and_vars if g is not None])
      gates.append(self.op_check)
    optimizer, global_step = build_optimizer(optimizer, global_step)
    with tf1.variable_scope(None, default_name="optimizer") as scope:
      self.train = optimizer.apply_gradients(
          gate_gradients(grads_and_vars, gates), global_step=global_step)
    self.reset.append(tf1.variables_initializer(
        tf1.get_collection(tf1.GraphKeys.GLOBAL_VARIABLES, scope=scope.name)))
    # The counter moves only with a step that went through.
    with tf.control_dependencies([self.train]):
      self._increment_t_after_train = self.t.assign_add(1)

  def _default_var_list(self):
    trainables = tf1.trainable_variables()
    found = {}
    for z, qz in self.latent_vars.items():
      for variable in (get_variables(z, trainables) +
                       get_variables(qz, trainables)):
        found[variable.name] = variable
    for x, qx in self.data.items():
      if isinstance(x, RandomVariable) and not isinstance(qx, RandomVariable):
        for variable in get_variables(x, trainables):
          found[variable.name] = variable
    return [found[name] for name in sorted(found)]

  def update(self, feed_dict=None):
    """Runs one iteration of optimization.

    Args:
      feed_dict: dict. Feeds for placeholders that `data` does not bind.

    Returns:
      dict. The iteration number `t` and the `loss` of this step.

    Raises:
      NotInitializedError: if `initialize` has not been called.
      UninitializedVariableError: if the step reads a variable that no
        initializer has run on.
      UnfedPlaceholderError: if the step needs a placeholder that is
        neither in `feed_dict` nor bound in `data`.
    """
    try:
      fetches = {"train": self.train, "t": self._increment_t_after_train,
                 "loss": self.loss}
    except AttributeError as error:
      raise self._not_initialized() from error
    values = self._step(fetches, feed_dict)
    return {"t": values["t"], "loss": values["loss"]}

  def print_progress(self, info_dict):
    """Prints progress to output: the step and the loss.

    A loss that turns NaN or Inf is reported once, on its own line.
    """
    self._show_progress(info_dict["t"], {"Loss": info_dict["loss"]})

  @abc.abstractmethod
  def build_loss_and_gradients(self, var_list):
    """Builds the loss and its gradients with respect to `var_list`.

    Every subclass must implement this method.

    Args:
      var_list: list of tf.Variable. The variables to differentiate by.

    Returns:
      (loss, grads_and_vars): a scalar tf.Tensor and a list of
      (gradient, variable) pairs.
    """
    raise NotImplementedError("build_loss_and_gradients must be implemented "
                              "by a subclass of VariationalInference.")
