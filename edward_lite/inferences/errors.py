"""The errors of a newcomer's first mistakes, each naming its fix.

Three mistakes come before any other when people start with Edward's
inference classes: calling `update` before `initialize`, forgetting to
run the variables' initializer, and leaving a placeholder with no value.
TensorFlow's own errors for the last two run to thousands of characters
and do not say what to do. `update` (and so `run`) catches those errors
after the session refuses the step, so a good step pays nothing, and
raises one of these instead, with TensorFlow's error as `__cause__`.

Each error is also the exception legacy code would have caught. The
two that replace a TensorFlow error subclass that error's class, so
`except tf.errors.FailedPreconditionError:` or `except
tf.errors.OpError:` in an Edward-era script still catches them, and keep
its `op`, `node_def` and `error_code`; each also derives from the
built-in exception that fits the mistake (RuntimeError for a step taken
too early, ValueError for a missing input), which is what code written
against edward_lite catches. Their `str()` is only the message, without
the op's creation traceback that TensorFlow appends.
"""

from edward_lite._tf import tf

__all__ = [
    "NotInitializedError",
    "UnfedPlaceholderError",
    "UninitializedVariableError",
    "WorkerTimeoutError",
]


class NotInitializedError(RuntimeError):
  """`update()` was called before `initialize()` built the ops it runs.

  `run()` calls `initialize()` itself and never raises this. Edward
  raised an AttributeError naming an attribute `initialize()` sets.
  """


class UninitializedVariableError(tf.errors.FailedPreconditionError,
                                 RuntimeError):
  """A step read variables that no initializer had run on.

  Usually `tf.global_variables_initializer()` was not run in
  `ed.get_session()`, or was made before `initialize()` created the
  optimizers' variables. A `tf.errors.FailedPreconditionError` (with the
  failed op of TensorFlow's error) and a RuntimeError.
  """

  def __str__(self):
    return self.message


class UnfedPlaceholderError(tf.errors.InvalidArgumentError, ValueError):
  """A step needed a placeholder that was neither fed nor bound in `data`.

  A `tf.errors.InvalidArgumentError` (with the failed op of TensorFlow's
  error) and a ValueError. Its message starts with TensorFlow's own
  sentence, "You must feed a value for placeholder tensor ...".
  """

  def __str__(self):
    return self.message


class WorkerTimeoutError(tf.errors.DeadlineExceededError):
  """A multi-worker step or end of run waited too long for another worker.

  Raised by `update` when a cross-worker all-reduce passed its
  `collective_timeout` (or lost its peer), and by `finish_run`. The
  message names the workers that did not answer, and `peers` lists their
  addresses ("host:port"); TensorFlow's error is the `__cause__`. A
  `tf.errors.DeadlineExceededError`, as TensorFlow's own timeout is.
  """

  def __init__(self, node_def, op, message, peers=()):
    super(WorkerTimeoutError, self).__init__(node_def, op, message)
    self.peers = list(peers)

  def __str__(self):
    return self.message
