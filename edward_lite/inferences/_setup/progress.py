"""What an inference shows and logs as it runs, apart from its losses.

The progress bar's handling of a loss that turns NaN or Inf (a line of
its own, once, and the loss left out of the bar until it is finite
again), and the TensorBoard summaries of the model's variables that
`initialize(logdir=..., log_vars=...)` asks for.
"""

import datetime
import math
import os
import sys

from edward_lite._tf import tf1
from edward_lite.util.random_variables import get_variables

__all__ = ["log_variables", "logging_directory", "show_progress"]


def logging_directory(logdir, log_timestamp):
  """Where `initialize(logdir=...)`'s event file goes.

  Args:
    logdir: str. The directory given.
    log_timestamp: bool. Whether to write in a subdirectory named by the
      current UTC time, 'YYYYMMDD_HHMMSS'.

  Returns:
    str. `logdir`, user directory expanded, with the subdirectory if any.
  """
  logdir = os.path.expanduser(logdir)
  if log_timestamp:
    stamp = datetime.datetime.now(datetime.timezone.utc)
    logdir = os.path.join(logdir, stamp.strftime("%Y%m%d_%H%M%S"))
  return logdir


def show_progress(inference, t, losses):
  """Reports non-finite losses once, then updates the bar when due.

  A loss that turns NaN or Inf is reported on a line of its own at the
  step it happens (whether or not that step is due for printing); the
  bar then leaves it out until it is finite again, instead of showing
  "nan" for the rest of the run.

  Args:
    inference: Inference, initialized.
    t: int. The step.
    losses: dict of str to float. The losses to show, by name.
  """
  progbar = inference.progbar
  non_finite = inference._non_finite  # pylint: disable=protected-access
  finite = {}
  for name, value in losses.items():
    if math.isfinite(value):
      non_finite.discard(name)
      finite[name] = value
      continue
    if name not in non_finite:
      non_finite.add(name)
      _report_non_finite(progbar, name, value, t)
    progbar.stored_values.pop(name, None)
  n_print = inference.n_print
  if n_print != 0 and (t == 1 or t % n_print == 0):
    progbar.update(t, finite)


def _report_non_finite(progbar, name, value, t):
  what = "NaN" if math.isnan(value) else "{:f}".format(value)
  # A progress line left without its newline would run into ours.
  start = "\n" if 0 < progbar.seen_so_far < progbar.target else ""
  sys.stdout.write(
      "{}{} is {} at step {}. It is left out of the progress bar until it "
      "is finite again; initialize(debug=True) raises an error naming the "
      "first tensor that holds NaN or Inf.\n".format(start, name, what, t))
  sys.stdout.flush()
  # The bar's next line starts afresh; nothing is left to pad over.
  progbar.total_width = 0


def log_variables(inference, log_vars, collection):
  """Adds a summary for each variable in `log_vars`.

  A scalar (or one-element vector) gets a scalar summary, anything
  else a histogram.

  Args:
    inference: Inference. Its data and latent variables say which
      variables `log_vars=None` means.
    log_vars: list of tf.Variable. None means every variable that the
      data and latent variables depend on; `[]` means none.
    collection: str. The graph collection of the summaries.
  """
  if log_vars is None:
    found = {}
    nodes = list(inference.data) + list(inference.latent_vars)
    nodes += list(inference.latent_vars.values())
    for node in nodes:
      for variable in get_variables(node):
        found[variable.name] = variable
    log_vars = [found[name] for name in sorted(found)]
  for variable in log_vars:
    # Colons are not allowed in summary names.
    name = "parameter/{}".format(variable.name.replace(":", "/"))
    shape = variable.shape
    if shape.ndims == 0:
      tf1.summary.scalar(name, variable, collections=[collection])
    elif shape.ndims == 1 and shape[0] == 1:
      tf1.summary.scalar(name, variable[0], collections=[collection])
    else:
      tf1.summary.histogram(name, variable, collections=[collection])
