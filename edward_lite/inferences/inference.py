"""The abstract base class of every inference algorithm."""

import abc

from edward_lite._tf import tf, tf1
from edward_lite.inferences._running import fast_path
from edward_lite.inferences._running.session_config import check_options
from edward_lite.inferences._running.update_step import run_step
from edward_lite.inferences._setup import checks
from edward_lite.inferences._setup.data_binding import bind_data
from edward_lite.inferences._setup.guard import guard_subclass, guarded
from edward_lite.inferences._setup.numeric_checks import (
    model_tensors, numeric_checks)
from edward_lite.inferences._setup.progress import (
    log_variables, logging_directory, show_progress)
from edward_lite.inferences.errors import NotInitializedError
from edward_lite.util.data_pipeline import DatasetInput
from edward_lite.util.graphs import get_session
from edward_lite.util.progbar import Progbar
from edward_lite.util.random_variables import (
    check_data, check_latent_vars, is_placeholder)

__all__ = ["Inference"]


class Inference(abc.ABC):
  """Abstract base class for inference.

  Every algorithm inherits from `Inference`, usually through an abstract
  family such as `VariationalInference`. A subclass implements at least
  `initialize`, which builds the algorithm's ops, and `update`, which
  runs them once. `run` strings together `initialize`, a loop of
  `update` and `print_progress`, and `finalize`.

  To reset the internal counters (such as the iteration count `t`), run
  the reset ops: `sess.run(inference.reset)`.

  #### Examples

  `Inference` itself is abstract: the smallest complete algorithm
  implements `initialize` and `update`. Every algorithm takes the same
  two dictionaries.

  ```python
  class Counter(ed.Inference):
    def initialize(self, *args, **kwargs):
      super(Counter, self).initialize(*args, **kwargs)

    def update(self, feed_dict=None):
      return super(Counter, self).update(feed_dict)

  mu = Normal(loc=0.0, scale=1.0)
  x = Normal(loc=mu, scale=1.0, sample_shape=50)
  qmu = Normal(loc=tf.Variable(0.0), scale=1.0)
  inference = Counter({mu: qmu}, data={x: np.zeros(50, np.float32)})
  inference.run(n_iter=10, n_print=0)
  ```
  """

  # Whether the subclass builds `op_check` itself, from its losses, once
  # they exist; otherwise `initialize` checks the model's tensors.
  _builds_own_numeric_checks = False

  def __init_subclass__(cls, **kwargs):
    """Guards the `initialize` of a subclass written without `@guarded`.

    edward_lite's own classes write `@guarded` on their `initialize`; a
    user's subclass seldom knows of it, and its `initialize` (which may
    set attributes before calling its parent's) must leave no trace when
    it raises all the same. See `edward_lite/inferences/_setup/guard.py`.
    """
    super().__init_subclass__(**kwargs)
    guard_subclass(cls)

  def __init__(self, latent_vars=None, data=None):
    """Creates an inference algorithm and binds its data.

    Args:
      latent_vars: dict. Binds latent variables (RandomVariable or
        tf.Tensor) to the random variables or tensors that infer them.
      data: dict. Binds observed variables (RandomVariable or tf.Tensor)
        to their realizations (tf.Tensor, or a Python or NumPy value,
        which is stored in the graph as a variable), and placeholders to
        the values to feed them.

    Raises:
      TypeError: if `latent_vars` or `data` is not a valid dictionary,
        or a value cannot take its key's dtype.
      ValueError: if a tensor belongs to another graph than the default
        graph, a list value is ragged, or a value's shape does not fit
        its placeholder.
    """
    sess = get_session()
    if latent_vars is None:
      latent_vars = {}
    if data is None:
      data = {}
    check_latent_vars(latent_vars)
    checks.check_array_values(data)
    check_data(data)
    checks.check_bindings(latent_vars, data)
    self.latent_vars = latent_vars
    self.data = bind_data(data, sess)

  def _placeholder_feeds(self):
    """The feeds that `data` binds placeholders to."""
    return {key: value for key, value in self.data.items()
            if is_placeholder(key) and not isinstance(value, DatasetInput)}

  def run(self, variables=None, use_coordinator=True, *args, **kwargs):
    """Runs inference from start to end.

    1. Initialize the algorithm via `initialize`.
    2. (Optional) Build a TensorFlow summary writer for TensorBoard.
    3. (Optional) Initialize TensorFlow variables.
    4. (Optional) Start queue runners.
    5. Run `update` for `self.n_iter` iterations.
    6. While running, `print_progress`.
    7. Finalize the algorithm via `finalize`.
    8. (Optional) Stop queue runners.

    To customize how inference runs, call these steps yourself.

    Args:
      variables: list. The TensorFlow variables to initialize. Default
        is all of them, including those already initialized. Pass `[]`
        to initialize none.
      use_coordinator: bool. Whether to start and stop queue runners
        (needed, e.g., for batches from file readers) with a
        `tf.train.Coordinator`.
      *args: passed to `initialize`.
      **kwargs: passed to `initialize`.

    Raises:
      TypeError: if `variables` is not None or a list of tf.Variable, or
        `use_coordinator` is not a bool; before anything is built.
      UninitializedVariableError: if `variables` left out a variable
        that a step reads.
      UnfedPlaceholderError: if a step needs a placeholder that `data`
        does not bind (`run` feeds nothing else).
    """
    checks.check_initializer_variables(variables)
    checks.check_bool("use_coordinator", use_coordinator, integers=True)
    self.initialize(*args, **kwargs)
    if variables is None:
      init = tf1.global_variables_initializer()
    else:
      init = tf1.variables_initializer(variables)
    sess = get_session()
    # Initial values may depend on the data placeholders.
    sess.run(init, self._placeholder_feeds())

    if use_coordinator:
      self.coord = tf1.train.Coordinator()
      self.threads = tf1.train.start_queue_runners(sess=sess, coord=self.coord)

    for _ in range(self.n_iter):
      info_dict = self.update()
      self.print_progress(info_dict)

    self.finalize()
    if use_coordinator:
      self.coord.request_stop()
      self.coord.join(self.threads)

  @abc.abstractmethod
  # A refused call takes back what it built; the outermost call ends by
  # choosing the session's threads (see `_setup/guard.py`).
  @guarded
  def initialize(self, n_iter=1000, n_print=None, scale=None,
                 auto_transform=True, logdir=None, log_timestamp=True,
                 log_vars=None, debug=False, xla=False,
                 intra_op_parallelism_threads=None,
                 inter_op_parallelism_threads=None, rewrite_options=None,
                 prefetch=None, lean_gradients=True):
    """Sets hyperparameters and builds the algorithm's ops.

    Every subclass must implement this method, and no method outside
    `initialize` may build ops.

    Args:
      n_iter: int. Number of iterations `run` makes; when calling
        `update` by hand, the expected number of calls, used by the
        progress bar.
      n_print: int. Iterations between two progress prints; 0 prints
        nothing. Default is `int(n_iter / 100)`.
      scale: dict of RandomVariable to tf.Tensor. Factors to scale the
        computation of each random variable by (e.g. for minibatches).
      auto_transform: bool. Whether to move continuous latent variables
        of unequal support to an unconstrained space. The adversarial
        algorithms have no such pairs; for any other pair that would
        need it, edward_lite raises NotImplementedError.
      logdir: str. Directory for TensorBoard event files. Default logs
        nothing.
      log_timestamp: bool. With `logdir`, write into a subdirectory
        named by the current UTC time as 'YYYYMMDD_HHMMSS'.
      log_vars: list. Variables to log every `n_print` steps; None logs
        every variable the model depends on and `[]` none.
      debug: bool. Add checks for NaN and Inf to the ops an update runs,
        so that `update` raises InvalidArgumentError naming the op.
      xla: bool. Not in Edward. Compile each step with XLA (set up for
        the CPU too). Losses agree with the default path to float
        tolerance, not bit for bit.
      intra_op_parallelism_threads: int. Not in Edward. Threads one op
        may use; 0 lets TensorFlow choose. When both thread options are
        None (and `xla` False), edward_lite's own session, unless it was
        handed out by `ed.get_session()` before this call, gets the
        setting that ran the model's step fastest in a few timed steps
        (see `edward_lite/inferences/_running/threads.py`); a session of
        your own
        keeps its setting.
      inter_op_parallelism_threads: int. Not in Edward. Ops that may run
        at once; 0 lets TensorFlow choose; None as above.
      rewrite_options: dict. Not in Edward. Grappler switches by
        `RewriterConfig` field name, e.g. `{"remapping": False}`; None
        keeps TensorFlow's defaults.
      prefetch: int. Not in Edward. Batches that each `tf.data.Dataset`
        in `data` prepares ahead; None lets tf.data choose, 0 none.
      lean_gradients: bool. Not in Edward. Build the adversarial
        objectives and their gradients with fewer ops: cross-entropies as
        softplus, leaky ReLUs written `tf.maximum(x, c * x)` differentiated
        in one product, and a matrix product of a concatenation
        differentiated only for the pieces that need it. Losses agree with
        Edward's graph to float rounding. On by default; False builds
        Edward's graph, op for op.

    The four session options need a session made with them: edward_lite's
    own session is replaced by one (initialized variables keep their
    values); a session of your own must be made with
    `ed.inferences.fast_session_config(...)`. See docs/benchmarks.md for
    what each one buys.

    Raises:
      TypeError: if an argument has the wrong type.
      ValueError: if `n_iter` or `n_print` is negative, `logdir` is a
        file, or a fast-path option is out of range.
      RuntimeError: if `xla` is True and XLA cannot compile in this
        process.
    """
    checks.check_count("n_iter", n_iter)
    if n_print is not None:
      checks.check_count("n_print", n_print)
    if scale is None:
      scale = {}
    elif not isinstance(scale, dict):
      raise TypeError("scale must be a dict object.")
    checks.check_bool("auto_transform", auto_transform, integers=True)
    checks.check_logdir(logdir)
    checks.check_bool("log_timestamp", log_timestamp, integers=True)
    checks.check_log_vars(log_vars)
    checks.check_bool("debug", debug, integers=True)
    checks.check_bool("lean_gradients", lean_gradients)
    fast_options = dict(
        xla=xla, intra_op_parallelism_threads=intra_op_parallelism_threads,
        inter_op_parallelism_threads=inter_op_parallelism_threads,
        rewrite_options=rewrite_options, prefetch=prefetch)
    check_options(**fast_options)

    self.n_iter = n_iter
    self.n_print = int(n_iter / 100) if n_print is None else n_print
    self.progbar = Progbar(self.n_iter)
    self.t = tf1.Variable(0, trainable=False, name="iteration")
    self.increment_t = self.t.assign_add(1)
    self.scale = scale
    # Edward's initialize always set this map of the latent variables it
    # moved to an unconstrained space; none is ever moved here (pairs of
    # unequal support are refused), so it stays empty for code that reads it.
    self.transformations = {}
    if auto_transform:
      checks.check_supports(self.latent_vars)

    self.logging = logdir is not None
    if self.logging:
      graph = tf1.get_default_graph()
      self.logdir = logging_directory(logdir, log_timestamp)
      self._summary_key = graph.unique_name("summaries")
      self._set_log_variables(log_vars)  # Edward's hook: reads the key.
      self.train_writer = tf1.summary.FileWriter(self.logdir, graph)

    self.debug = debug
    self.lean_gradients = lean_gradients
    self.op_check = None
    self._increment_t_step = self.increment_t
    if debug and not self._builds_own_numeric_checks:
      # Edward's base class built the checks here, so that an algorithm
      # that subclasses Inference directly gets them too.
      self._build_numeric_checks(model_tensors(self.latent_vars, self.data))
      with tf.control_dependencies([self.op_check]):
        self._increment_t_step = self.t.assign_add(1)
    # Subclasses append the ops that reset their own internal variables.
    self.reset = [tf1.variables_initializer([self.t])]
    self._last_t = 0
    # Names of the losses whose last value was NaN or Inf, reported once.
    self._non_finite = set()
    # Last, once every argument is known good: it may replace the session.
    (self._step_runner, self.data, self._dataset_inputs,
     self._threads_to_choose) = fast_path.start(
         self.data, self.__dict__.get("_dataset_inputs", {}), **fast_options)

  def _build_numeric_checks(self, tensors):
    """Builds `self.op_check` (see `_setup/numeric_checks.py`)."""
    self.op_check = numeric_checks(tensors)

  @abc.abstractmethod
  def update(self, feed_dict=None):
    """Runs one iteration of inference.

    Every subclass must implement this method.

    Args:
      feed_dict: dict. Feeds for placeholders that `data` does not bind.

    Returns:
      dict. Algorithm-specific information; here the iteration number
      `t`.

    Raises:
      NotInitializedError: if `initialize` has not been called.
      UninitializedVariableError: if the step reads a variable that no
        initializer has run on.
      UnfedPlaceholderError: if the step needs a placeholder that is
        neither in `feed_dict` nor bound in `data`.
    """
    try:
      increment_t = self._increment_t_step
    except AttributeError as error:
      raise self._not_initialized() from error
    values = self._step({"t": increment_t}, feed_dict)
    return {"t": values["t"]}

  def _not_initialized(self):
    """The error of an `update` called before `initialize`."""
    return NotInitializedError(
        "{}.update() was called before initialize(): call "
        "inference.initialize(...) first, which builds the ops that update() "
        "runs (inference.run() calls it for you).".format(type(self).__name__))

  def _step(self, fetches, feed_dict):
    """Runs one update's `fetches` (see `_running/update_step.py`)."""
    values = run_step(self, fetches, feed_dict, get_session())
    # From the step just run, the next one's summary is predicted.
    self._last_t = values["t"]
    return values

  def print_progress(self, info_dict):
    """Prints progress to output.

    Args:
      info_dict: dict. What `update` returned.
    """
    if self.n_print != 0:
      t = info_dict["t"]
      if t == 1 or t % self.n_print == 0:
        self.progbar.update(t)

  def _show_progress(self, t, losses):
    """Shows `losses` at step `t` (see `_setup/progress.py`)."""
    show_progress(self, t, losses)

  def finalize(self):
    """Function to call after convergence: closes the event writer."""
    if self.logging:
      self.train_writer.close()

  def _set_log_variables(self, log_vars=None):
    """Adds a summary for each variable in `log_vars` (Edward's hook).

    Args:
      log_vars: list of tf.Variable. None means every variable that the
        data and latent variables depend on; `[]` means none.
    """
    log_variables(self, log_vars, self._summary_key)

