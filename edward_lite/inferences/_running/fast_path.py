"""The fast paths of an update: XLA, session threads, grappler, tf.data input.

`Inference.initialize` takes these as keyword arguments whose defaults
change nothing:

- `xla=True` compiles each step with XLA. On a CPU, TensorFlow only
  auto-clusters when a process-wide flag was on before the process first
  ran a graph (`initialize(xla=True)` switches it on, see
  `enable_xla_cpu_autoclustering` in `edward_lite/_tf.py`) *and* the
  session asks for it (`global_jit_level`); grappler's remapper must
  also be off, or it fuses MatMul+BiasAdd into ops XLA cannot compile
  and splits the step into many small clusters. Here all three are done,
  and a probe checks that compilation really happens, rather than
  letting it silently not.
- `intra_op_parallelism_threads`, `inter_op_parallelism_threads`: the
  session's thread pools. When neither is given, `choose_threads` times
  the model's step under a few settings at the end of `initialize` (the
  guard of `_setup/guard.py` calls it) and gives edward_lite's own
  session the fastest (see `threads.py`).
- `rewrite_options`: grappler's switches, e.g. `{"remapping": False}`.
- `prefetch`: how many batches a `tf.data.Dataset` bound in `data`
  prepares ahead (see `edward_lite.util.data_pipeline`).

The options' checks and the session config they ask for are in
`session_config.py`. Session settings only take effect in a session
made with them. When the
session in use is edward_lite's own (the one `ed.get_session()` made), it
is replaced by one with the settings, carrying every initialized
variable's value over; a session of the user's own must have been made
with `fast_session_config(...)`.
"""

import collections
import weakref

from edward_lite._tf import tf, tf1
from edward_lite.inferences._running import threads
from edward_lite.inferences._running.session_config import (
    config_bytes, fast_session_config, xla_compiles)
from edward_lite.inferences._running.step_runner import StepRunner
from edward_lite.util import graphs
from edward_lite.util.data_pipeline import DatasetInput
from edward_lite.util.random_variables import is_placeholder

__all__ = ["Started", "choose_threads", "start"]

# Sessions this module made, with the serialized config they were made
# with, so that a second `initialize` with the same options keeps them.
_OWN_CONFIGS = weakref.WeakKeyDictionary()


def _session_config_bytes(session):
  if session in _OWN_CONFIGS:
    return _OWN_CONFIGS[session]
  return config_bytes(getattr(session, "_config", None))


def _variables_to_carry(graph, extra):
  found = {}
  for variable in (graph.get_collection(tf1.GraphKeys.GLOBAL_VARIABLES) +
                   graph.get_collection(tf1.GraphKeys.LOCAL_VARIABLES) +
                   list(extra)):
    if isinstance(variable, tf.Variable):
      found.setdefault(variable.name, variable)
  return [found[name] for name in sorted(found)]


def _session_with_config(config, extra_variables):
  """The session to run in, made with `config` if it was not already.

  Args:
    config: tf.compat.v1.ConfigProto.
    extra_variables: list of tf.Variable outside the graph's collections
      whose values must survive a change of session (`data` values).

  Returns:
    tf.compat.v1.Session.

  Raises:
    ValueError: if the session in use is the user's own, made with
      another config, or cannot be replaced as the default session.
  """
  current = graphs.get_session()
  wanted = config_bytes(config)
  if _session_config_bytes(current) == wanted:
    return current
  graph = current.graph
  if current is not graphs._INTERACTIVE_SESSIONS.get(graph):  # pylint: disable=protected-access
    raise ValueError(
        "xla, intra_op_parallelism_threads, inter_op_parallelism_threads and "
        "rewrite_options only apply to a session made with them, and the "
        "session in use is your own: make it with "
        "tf.Session(config=ed.inferences.fast_session_config(...)) and the "
        "same options.")
  if tf1.get_default_session() is not current:
    raise ValueError(
        "The session options need to replace edward_lite's default session, "
        "but another session was made the default after it; pass the "
        "options before entering that session.")

  variables = _variables_to_carry(graph, extra_variables)
  values = {}
  if variables:
    with graph.as_default(), tf1.name_scope("carry_over"):
      flags = current.run([tf1.is_variable_initialized(v) for v in variables])
    carried = [v for v, flag in zip(variables, flags) if flag]
    values = dict(zip(carried, current.run(carried)))

  replacement = tf1.Session(graph=graph, config=config)
  if values:
    # The initializer's value input is fed, as `Variable.load` does, so
    # no new op is needed to restore a value.
    replacement.run([v.initializer for v in values],
                    {v.initializer.inputs[1]: value
                     for v, value in values.items()})
  current._edward_lite_default_context.__exit__(None, None, None)  # pylint: disable=protected-access
  context = replacement.as_default()
  context.__enter__()  # pylint: disable=unnecessary-dunder-call
  replacement._edward_lite_default_context = context  # pylint: disable=protected-access
  graphs._INTERACTIVE_SESSIONS[graph] = replacement  # pylint: disable=protected-access
  _OWN_CONFIGS[replacement] = wanted
  current.close()
  return replacement


Started = collections.namedtuple(
    "Started", ["runner", "data", "dataset_inputs", "threads_to_choose"])
Started.__doc__ = """What `start` gives the inference to keep.

Args:
  runner: StepRunner. What each update's session call runs through.
  data: dict. The inference's `data`, a dataset bound to a tensor or
    random variable replaced by its iterator's output.
  dataset_inputs: dict. Every `DatasetInput` ever bound in `data`, by
    key, so that a second `initialize` starts them again.
  threads_to_choose: dict or None. {"rewrite_options": ...} when the
    session's threads are to be chosen once the step exists (see
    `choose_threads`); None when the user chose them.
"""


def start(data, dataset_inputs, xla=False, intra_op_parallelism_threads=None,
          inter_op_parallelism_threads=None, rewrite_options=None,
          prefetch=None):
  """Applies the fast-path options, from `initialize`.

  Replaces the session when the options need one (see the module
  docstring), then starts the iterators of the datasets in `data`:
  a dataset bound to a tensor or random variable is replaced in the
  returned `data` by the iterator's output; one bound to a placeholder
  stays, and each update connects the iterator's output to it.

  Args:
    data: dict. The inference's `data`, already bound.
    dataset_inputs: dict. The `dataset_inputs` an earlier `initialize`
      of the same inference started, or {}.
    xla: see `fast_session_config`.
    intra_op_parallelism_threads: see `fast_session_config`.
    inter_op_parallelism_threads: see `fast_session_config`.
    rewrite_options: see `fast_session_config`.
    prefetch: int or None. Batches each dataset prepares ahead; None
      lets tf.data choose (`tf.data.AUTOTUNE`), 0 prefetches nothing.

  Returns:
    Started. New dicts: a refused `initialize` puts the old ones back.

  Raises:
    RuntimeError: if `xla` is True and XLA cannot compile on this
      process's CPU.
    ValueError: see `_session_with_config`.
  """
  config = fast_session_config(xla, intra_op_parallelism_threads,
                               inter_op_parallelism_threads, rewrite_options)
  if xla and not xla_compiles():
    raise RuntimeError(
        "xla=True, but XLA does not compile on the CPU in this process: "
        "TensorFlow reads its CPU auto-clustering flag once, when the "
        "process first runs a graph, and a graph ran before xla=True could "
        "switch it on. Call initialize(xla=True) before running any "
        "session, or start Python with "
        "TF_XLA_FLAGS=--tf_xla_cpu_global_jit.")
  if config is not None:
    sess = _session_with_config(config, _data_variables(data))
  else:
    sess = graphs.get_session()
  # Threads are chosen once the step exists, at the end of `initialize`.
  threads_to_choose = None
  if (intra_op_parallelism_threads is None and
      inter_op_parallelism_threads is None and not xla and
      _replaceable(sess)):
    threads_to_choose = {"rewrite_options": rewrite_options}

  inputs = dict(dataset_inputs)
  for key, value in data.items():
    if isinstance(value, DatasetInput):
      inputs.setdefault(key, value)
  data = dict(data)
  connections = {}
  for key, dataset_input in inputs.items():
    next_element = dataset_input.start(
        sess, tf.data.AUTOTUNE if prefetch is None else prefetch)
    if is_placeholder(key):
      connections[key] = next_element
    else:
      data[key] = next_element
  return Started(StepRunner(connections), data, inputs, threads_to_choose)


def _data_variables(data):
  return [value for value in data.values() if isinstance(value, tf.Variable)]


def _replaceable(session):
  """Whether `session` is edward_lite's own, default, and never handed out.

  A session that `ed.get_session()` returned to the user's code may be
  held there (`sess = ed.get_session()`), so it is never replaced.
  """
  return (session is graphs._INTERACTIVE_SESSIONS.get(session.graph) and  # pylint: disable=protected-access
          tf1.get_default_session() is session and
          not graphs.handed_out(session))


def choose_threads(wanted, fetches, data, dataset_inputs):
  """Gives edward_lite's session the fastest thread setting for the step.

  Only when `initialize` got no thread options (nor `xla`) and the
  session is edward_lite's own and was never handed out; see
  `threads.py` for how the setting is timed. The session is then
  replaced as for explicit options (variables keep their values) and the
  datasets' iterators start again in the new one.

  Args:
    wanted: dict or None. `Started.threads_to_choose`.
    fetches: dict of str to fetchable, or None. The step of both sides.
    data: dict. The inference's `data`.
    dataset_inputs: dict. `Started.dataset_inputs`.

  Returns:
    dict of setting to seconds per step: what was timed; None when
    nothing was.
  """
  sess = graphs.get_session()
  if wanted is None or fetches is None or not _replaceable(sess):
    return None
  rewrite_options = wanted["rewrite_options"]
  data_variables = _data_variables(data)
  chosen = threads.choose(
      sess.graph, [fetches[name] for name in sorted(fetches)],
      _variables_to_carry(sess.graph, data_variables),
      lambda intra, inter: fast_session_config(False, intra, inter,
                                               rewrite_options))
  if chosen is None:
    return None
  intra, inter, timings = chosen
  if intra is None:
    return timings
  sess = _session_with_config(
      fast_session_config(False, intra, inter, rewrite_options),
      data_variables)
  for dataset_input in dataset_inputs.values():
    dataset_input.initialize(sess)
  return timings
