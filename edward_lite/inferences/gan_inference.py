"""GAN-style training of implicit models (Goodfellow et al., 2014)."""

from edward_lite._tf import tf, tf1
from edward_lite.inferences._adversarial import losses
from edward_lite.inferences._adversarial import scopes
from edward_lite.inferences._adversarial import train_ops
# The errors of a bad `update(variables=...)` are importable from here too.
from edward_lite.inferences._adversarial.checks import (  # pylint: disable=unused-import
    VariablesTypeError, VariablesValueError, check_dicts,
    check_discriminator_outputs, check_one_pair, check_variables)
from edward_lite.inferences._adversarial.lean_gradients import differentiate
from edward_lite.inferences._distributed import data_parallel
from edward_lite.inferences._setup.guard import guarded
from edward_lite.inferences._setup.optimizers import (
    check_optimizer, check_var_list)
from edward_lite.inferences.inference import Inference
from edward_lite.inferences.variational_inference import VariationalInference
from edward_lite.util.random_variables import is_placeholder

__all__ = ["GANInference", "step_fetches"]


class GANInference(VariationalInference):
  """Parameter estimation with GAN-style training (Goodfellow et al., 2014).

  Works for implicit (and differentiable) probabilistic models: models
  with no tractable density, given only as a program that draws samples.

  #### Notes

  `GANInference` does not infer latent variables. GAN-style training
  also samples from the prior, which works badly for latent variables
  shared across many data points (global variables).

  While the graph for inference is built, the discriminator's parameters
  live under the variable scope "Disc" (a later inference in the same
  graph and scope gets "Disc_1", ...; `disc_scope` says which).

  Only one observed random variable may be given in `data`.

  Each objective also adds the sum of the tensors in the
  `REGULARIZATION_LOSSES` collection: the discriminator's those under
  "Disc", the generator's all others.

  #### Examples

  ```python
  z = Normal(loc=tf.zeros([100, 10]), scale=tf.ones([100, 10]))
  x = generative_network(z)

  inference = ed.GANInference({x: x_data}, discriminator)
  ```

  #### References

  Goodfellow, I., Pouget-Abadie, J., Mirza, M., Xu, B., Warde-Farley, D.,
  Ozair, S., Courville, A., & Bengio, Y. (2014). Generative adversarial
  nets. In Neural information processing systems.
  """

  def __init__(self, data, discriminator):
    """Creates an inference algorithm.

    Args:
      data: dict. Binds the generated tensor or random variable to its
        observed realization (tf.Tensor, placeholder, or NumPy array).
      discriminator: function. Maps a batch to logits (real numbers,
        not probabilities in [0, 1]) of any shape, as in Edward: one per
        example ([batch] or [batch, 1]) or several ([batch, k]); the
        losses average the elementwise cross-entropies. Its variables
        are made under the variable scope "Disc".

    Raises:
      TypeError: if `discriminator` is not callable or `data` is not a
        valid dictionary.
      ValueError: if `data` does not hold exactly one pair (placeholder
        keys, which only say what to feed, aside).
    """
    if not callable(discriminator):
      raise TypeError("discriminator must be a callable function.")
    check_dicts(None, data)
    check_one_pair("data", data)
    self.discriminator = discriminator
    super(GANInference, self).__init__(None, data)

  # A refused call takes back what it built (see `_setup/guard.py`).
  @guarded
  def initialize(self, optimizer=None, optimizer_d=None,
                 global_step=None, global_step_d=None, var_list=None,
                 *args, **kwargs):
    """Sets hyperparameters and builds the algorithm's ops.

    Args:
      optimizer: str or tf.train.Optimizer. The optimizer of the
        generator's objective, or the name of one to use with default
        parameters.
      optimizer_d: str or tf.train.Optimizer. The optimizer of the
        discriminator's objective, or the name of one to use with default
        parameters.
      global_step: tf.Variable. Optional variable incremented by one
        after each update of the generator's variables; see
        `tf.train.Optimizer.apply_gradients`.
      global_step_d: tf.Variable. Optional variable incremented by one
        after each update of the discriminator's variables.
      var_list: list of tf.Variable. Variables of the generative model
        to optimize. Default is every trainable variable that
        `latent_vars` and `data` depend on.
      *args: passed to `Inference.initialize` (n_iter, n_print, ...).
      **kwargs: passed to `Inference.initialize`, apart from the
        keyword `strategy`: a `tf.distribute.Strategy` (the model's
        variables made under its `scope()`) to train with, one slice of
        the global batch per replica; see docs/distributed.md. Default
        None trains on one device. With MultiWorkerMirroredStrategy,
        also `collective_timeout`: seconds a step may wait for the
        other workers before `update` raises
        `ed.inferences.WorkerTimeoutError` naming the worker that does
        not answer (default 300; None waits for ever).

    Raises:
      TypeError: if an optimizer, global step or `var_list` has the
        wrong type, or the discriminator does not return floating-point
        tensors.
      ValueError: if an optimizer's name is unknown, or either side has
        no variable to train.

    Warns:
      UserWarning: if a discriminator output's first dimension is not
        its input's number of examples (it still trains, as in Edward).

    #### Notes

    A call that raises leaves neither variables nor collection entries
    behind (see `edward_lite/inferences/_setup/atomic.py`), so the same
    graph can build a correct inference next.
    """
    # Every argument is checked before any op exists, so that a refused
    # call leaves the graph as it was.
    check_optimizer(optimizer, global_step)
    check_optimizer(optimizer_d, global_step_d,
                    names=("optimizer_d", "global_step_d"))
    check_var_list(var_list)
    strategy = kwargs.pop("strategy", None)
    if strategy is not None:
      args, kwargs, collective_timeout = data_parallel.initialize_arguments(
          strategy, var_list, args, kwargs, Inference.initialize)
    # Edward skips VariationalInference.initialize: it builds one loss.
    Inference.initialize(self, *args, **kwargs)

    # Both branches build with `_adversarial/train_ops.py`; the train ops
    # are set here, and nowhere else.
    optimizers = (optimizer, global_step, optimizer_d, global_step_d)
    if strategy is None:
      ops = train_ops.one_device(self, optimizers, var_list)
    else:
      ops = data_parallel.build_train_ops(self, strategy, optimizers,
                                          var_list)
      self._step_runner = data_parallel.step_runner(
          strategy, self._step_runner, collective_timeout)
    with data_parallel.scope(strategy):
      ops = self._after_train_ops(ops)
    (self.loss, self.grads_and_vars, self.loss_d, self.grads_and_vars_d,
     self.train, self.train_d, self._train_d_step, self._train_joint,
     self.op_check) = ops

    if self.logging:
      tf1.summary.scalar("loss", self.loss, collections=[self._summary_key])
      tf1.summary.scalar("loss/discriminative", self.loss_d,
                         collections=[self._summary_key])
      self.summarize = tf1.summary.merge_all(key=self._summary_key)

    self._fetches = train_ops.fetches_by_side(ops, self.t)

  def _after_train_ops(self, ops):
    """`ops` (a TrainOps) with what runs after each update (none here).

    A hook, called on one device and under a strategy alike (in its
    scope): BiGANInference's moving average of the weights.
    """
    return ops

  @property
  def disc_scope(self):
    """str. The variable scope of the discriminator's parameters.

    Its full name: "Disc" as in Edward, "Disc_1", "Disc_2", ... for a
    later inference built in the same graph and scope, and prefixed by
    any outer scope ("outer/Disc"). The discriminator's variables and
    regularizers are those TensorFlow's `tf.get_collection(key,
    scope=disc_scope)` gives, as in Edward: the names `disc_scope`
    matches as a regular expression from their start. None until
    `initialize` builds the discriminator. Read-only.
    """
    scope = getattr(self, "_disc_scope", None)
    return None if scope is None else scope[:-1]

  def _after_discriminator_step(self, train_d):
    """Returns the op a discriminator step runs, given its update op.

    A hook for subclasses that act after each discriminator update
    (WGAN's clipping); here the update op itself.
    """
    return train_d

  def _observed_pair(self):
    """(x_true, x_fake): the observations and the generated tensor."""
    (x_fake, x_true), = [(key, value) for key, value in self.data.items()
                         if not is_placeholder(key)]
    return x_true, x_fake

  def _discriminate(self, *pairs):
    """Applies the discriminator to each argument tuple in `pairs`.

    The first call makes the discriminator's variables under "Disc"; the
    others reuse them. Remembers the scope's full name (which includes
    any outer scope) so that variables and regularizers are found by it.
    When logging, all outputs go into one "discriminator_outputs"
    histogram.

    Returns:
      list of tf.Tensor, one output per pair.
    """
    outputs, scope = scopes.apply_discriminator(self.discriminator, pairs)
    self._disc_variable_scope = scope
    self._disc_scope = scope.name + "/"
    outputs = check_discriminator_outputs(
        outputs, [args[0] for args in pairs])
    if self.logging:
      # Flattened, so that outputs of different shapes (which Edward
      # accepted) still make one histogram.
      tf1.summary.histogram(
          "discriminator_outputs",
          tf.concat([tf.reshape(output, [-1]) for output in outputs], axis=0),
          collections=[self._summary_key])
    return outputs

  def _discriminator_variables(self):
    """The trainable variables in the "Disc" scope, by TensorFlow's rule."""
    return scopes.trainable_variables(self.disc_scope)

  def _discriminator_regularization_losses(self):
    """The regularization losses in the "Disc" scope, by TensorFlow's rule."""
    return scopes.regularization_losses(self.disc_scope)

  def _regularization_losses(self, scope=None):
    """Regularization losses in `scope`, or all but the discriminator's.

    See `_adversarial/scopes.py` for what a scope selects.
    """
    return scopes.regularization_losses(
        scope, excluding=self._discriminator_regularization_losses())

  def build_loss_and_gradients(self, var_list):
    """Builds both objectives and their gradients.

    Args:
      var_list: list of tf.Variable or None. The generator's variables;
        None means every trainable variable the generated data depends
        on, apart from the discriminator's.

    Returns:
      (loss, grads_and_vars, loss_d, grads_and_vars_d).
    """
    x_true, x_fake = self._observed_pair()
    d_true, d_fake = self._discriminate((x_true,), (x_fake,))
    loss, loss_d = losses.gan_losses(d_true, d_fake, lean=self.lean_gradients)
    if var_list is None:
      var_list = scopes.variables_of([x_fake],
                                     self._discriminator_variables())
    return self._finish_losses(loss, loss_d, var_list,
                               self._regularization_losses())

  def _finish_losses(self, loss, loss_d, var_list, reg_terms):
    """Adds regularization and differentiates both objectives.

    Raises:
      ValueError: if either objective has no variable to train.
    """
    loss_d = losses.add_regularization(
        loss_d, self._discriminator_regularization_losses())
    loss = losses.add_regularization(loss, reg_terms)
    var_list_d = self._discriminator_variables()
    if not var_list_d:
      raise ValueError(
          "discriminator made no trainable variable under the variable scope "
          "'{}': create its layers inside the function, so that they are "
          "made there.".format(self._disc_scope[:-1]))
    if not var_list:
      raise ValueError(
          "var_list is empty: {} found no trainable variable of the "
          "generator{}. Pass var_list, a list of tf.Variable.".format(
              type(self).__name__, self._generator_variables_hint()))
    grads_and_vars = differentiate(loss, var_list, self.lean_gradients)
    grads_and_vars_d = differentiate(loss_d, var_list_d, self.lean_gradients)
    if all(grad is None for grad, _ in grads_and_vars):
      raise ValueError(
          "var_list: the generator's loss depends on none of {}.".format(
              [v.name for v in var_list]))
    if all(grad is None for grad, _ in grads_and_vars_d):
      raise ValueError(
          "discriminator: its output depends on none of its variables "
          "{}.".format([v.name for v in var_list_d]))
    return loss, grads_and_vars, loss_d, grads_and_vars_d

  def _generator_variables_hint(self):
    """Where the default `var_list` was looked for, for error messages."""
    generator_scope = getattr(self, "_generator_scope", None)
    if generator_scope is not None:
      return " under the variable scope '{}' (build the encoder and the " \
             "generator inside tf.variable_scope(\"Gen\"))".format(
                 generator_scope())
    return (" that the generated data depends on (apart from the "
            "discriminator's)")

  def update(self, feed_dict=None, variables=None):
    """Runs one iteration of optimization.

    Args:
      feed_dict: dict. Feed dictionary for a TensorFlow session run, for
        placeholders that `data` does not feed.
      variables: str. Which set of variables to update: "Disc" or "Gen".
        Default is both.

    Returns:
      dict. The iteration number `t` and the generative and
      discriminative losses `loss` and `loss_d` (0.0 for the side not
      updated).

    Raises:
      NotImplementedError: if `variables` is not None, "Gen" or "Disc".
        The error is also a ValueError (a string) or a TypeError
        (anything else).
      TypeError, ValueError: if TensorFlow refuses a feed; the message
        names the `feed_dict` key and what was expected.
      NotInitializedError: if `initialize` has not been called.
      UninitializedVariableError: if the step reads a variable that no
        initializer has run on (also a
        `tf.errors.FailedPreconditionError`).
      UnfedPlaceholderError: if the step needs a placeholder that is
        neither in `feed_dict` nor bound in `data` (also a
        `tf.errors.InvalidArgumentError`).

    #### Notes

    The iteration number is the total number of calls to `update`;
    each update may change only a subset of the parameters. A call
    that TensorFlow refuses leaves `t` as it was.
    """
    values = self._step(self._step_fetches(variables), feed_dict)
    return {"t": values["t"], "loss": values.get("loss", 0.0),
            "loss_d": values.get("loss_d", 0.0)}

  def _step_fetches(self, variables):
    """What `update(variables=variables)` runs; see `step_fetches`."""
    check_variables(variables)
    try:
      return self._fetches[variables]
    except AttributeError as error:
      raise self._not_initialized() from error

  def print_progress(self, info_dict):
    """Prints progress to output: the step and both losses.

    A loss that turns NaN or Inf is reported once, on its own line.
    """
    self._show_progress(info_dict["t"], {"Gen Loss": info_dict["loss"],
                                         "Disc Loss": info_dict["loss_d"]})


def step_fetches(inference, variables=None):
  """The ops and tensors that one `inference.update(variables=...)` runs.

  `update` runs them in one session call and returns their values. Code
  that times or inspects a training step of its own (the benchmarks, a
  profiler, a look at the ops a step runs) takes them from here rather
  than from the inference's internals.

  Args:
    inference: GANInference (or BiGANInference, WGANInference),
      initialized.
    variables: str or None. As in `update`: None for the step of both
      networks, "Gen" for the generator's step, "Disc" for the
      discriminator's.

  Returns:
    dict, new at each call, from name to tf.Operation or tf.Tensor: the
    update op ("train", or "train_d" for "Disc"), "t" (the iteration
    number after it), and the losses the step computes ("loss",
    "loss_d").

  Raises:
    TypeError: if `inference` is not a GANInference, or `variables` is
      neither None nor a string.
    ValueError: if `variables` is a string other than "Gen" or "Disc".
    NotInitializedError: if `inference.initialize()` has not run.
  """
  if not isinstance(inference, GANInference):
    raise TypeError("inference must be a GANInference; got {}.".format(
        type(inference).__name__))
  return dict(inference._step_fetches(variables))  # pylint: disable=protected-access
