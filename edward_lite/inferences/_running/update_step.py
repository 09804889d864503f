"""Where every `update` ends: feeds merged, one run, a refusal explained.

The user's feeds are merged with those that `data` binds, the step's
fetches (and, when due, the summary and the numeric checks) are run in
one session call through the inference's step runner
(`step_runner.py`), and a refused call is looked into only afterwards
(`run_errors.py`), so that a good update costs no more than the run.
"""

from edward_lite._tf import tf
from edward_lite.inferences._running import run_errors

__all__ = ["run_step"]


def run_step(inference, fetches, feed_dict, sess):
  """Runs one update's `fetches`; says what was wrong if TF refuses it.

  TensorFlow's own messages for a bad feed ("could not convert string
  to float", "float() argument must be ...") do not say which feed was
  wrong, and those for an uninitialized variable or a placeholder with
  no value run to thousands of characters without saying what to do.

  Args:
    inference: Inference, initialized.
    fetches: dict of str to fetchable. Must hold 't', the counter's
      increment.
    feed_dict: dict or None. The user's feeds.
    sess: tf.compat.v1.Session. The session to run in, `get_session()`.

  Returns:
    dict of str to value: what `fetches` gave. Its 't' is the step the
    caller keeps as the inference's `_last_t`, from which the next
    step's summary is predicted.

  Raises:
    UninitializedVariableError: if the step read an uninitialized
      variable.
    UnfedPlaceholderError: if the step needed a placeholder that was
      neither fed nor bound in `data`.
    TypeError, ValueError: if a feed is of the wrong kind or shape.
  """
  feeds = _merge_feeds(inference, feed_dict)
  graph = inference.t.graph
  try:
    return _run_update(inference, fetches, feeds, sess)
  # A tf.Variable fed as a value gives NotImplementedError ("numpy() is
  # only available when eager execution is enabled").
  except (TypeError, ValueError, NotImplementedError) as error:
    explained = run_errors.explain_feed_error(feeds, graph)
    if explained is None:
      raise
    raise explained from error
  except (tf.errors.FailedPreconditionError,
          tf.errors.InvalidArgumentError) as error:
    explained = run_errors.explain_run_error(error, graph, sess)
    if explained is None:
      raise
    raise explained from error


def _merge_feeds(inference, feed_dict):
  """The user's feeds plus those of `data`, without changing the input."""
  bound = inference._placeholder_feeds()  # pylint: disable=protected-access
  if feed_dict is None:
    return bound
  if not isinstance(feed_dict, dict):
    raise TypeError("feed_dict must be a dict or None; got "
                    "{}.".format(type(feed_dict).__name__))
  merged = dict(feed_dict)
  merged.update(bound)
  return merged


def _summaries_due(inference, t):
  return (inference.logging and inference.n_print != 0 and
          (t == 1 or t % inference.n_print == 0))


def _run_update(inference, fetches, feed_dict, sess):
  """Runs one step's `fetches` (a dict with key 't') in one session call.

  The summary of a step that is due for one is fetched in the same
  call, so it shows the very losses `update` returns. Which step is
  due is predicted from the last `t` seen; when the prediction fails
  (the counter was reset or restored in between), the summary is run
  on its own.
  """
  runner = inference._step_runner  # pylint: disable=protected-access
  fetches = dict(fetches)
  predicted_t = inference._last_t + 1  # pylint: disable=protected-access
  if _summaries_due(inference, predicted_t):
    fetches["summary"] = inference.summarize
  if inference.debug:
    fetches["check"] = inference.op_check
  values = runner.run(sess, fetches, feed_dict)
  t = values["t"]
  if _summaries_due(inference, t):
    summary = values.get("summary") if t == predicted_t else None
    if summary is None:
      summary = runner.run(sess, {"summary": inference.summarize},
                           feed_dict)["summary"]
    inference.train_writer.add_summary(summary, t)
  return values
