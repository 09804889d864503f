"""What the fast paths ask of a session: checked options and their config.

`initialize`'s `xla`, `intra_op_parallelism_threads`,
`inter_op_parallelism_threads` and `rewrite_options` (and `prefetch`,
checked here too) are refused here before anything is built, and turned
into the `tf.compat.v1.ConfigProto` a session must be made with
(`fast_session_config`, public as `ed.inferences.fast_session_config`).
Whether XLA compiles on this process's CPU is probed here, once.
`fast_path.py` makes or replaces the session.
"""

import numbers

import numpy as np

from edward_lite._tf import enable_xla_cpu_autoclustering, tf, tf1

__all__ = [
    "check_options",
    "config_bytes",
    "fast_session_config",
    "xla_compiles",
]

_TOGGLES = {True: "ON", False: "OFF", "ON": "ON", "OFF": "OFF",
            "DEFAULT": "DEFAULT", "AGGRESSIVE": "AGGRESSIVE"}

# Whether XLA compiled the probe in this process (None: not probed yet).
_XLA_WORKS = []


def _rewriter_config_class():
  return tf1.ConfigProto().graph_options.rewrite_options.__class__


def _toggle_fields():
  """RewriterConfig's on/off switches: its fields of enum type Toggle."""
  descriptor = _rewriter_config_class().DESCRIPTOR
  return sorted(field.name for field in descriptor.fields
                if field.enum_type is not None and
                field.enum_type.name == "Toggle")


def _check_threads(name, value):
  if value is None:
    return
  if isinstance(value, bool) or not isinstance(value, numbers.Integral):
    raise TypeError("{} must be an int or None; got {}.".format(
        name, type(value).__name__))
  if value < 0:
    raise ValueError("{} must be non-negative (0 lets TensorFlow choose); got "
                     "{}.".format(name, value))


def check_options(xla=False, intra_op_parallelism_threads=None,
                  inter_op_parallelism_threads=None, rewrite_options=None,
                  prefetch=None):
  """Raises what `initialize` would for these options, building nothing.

  Args:
    xla: bool.
    intra_op_parallelism_threads: int or None.
    inter_op_parallelism_threads: int or None.
    rewrite_options: dict of str to bool or str, or None.
    prefetch: int or None.

  Raises:
    TypeError: if an option has the wrong type.
    ValueError: if a thread count or `prefetch` is out of range, or
      `rewrite_options` names an unknown switch or setting.
  """
  if not isinstance(xla, bool):
    raise TypeError("xla must be a bool; got {}.".format(type(xla).__name__))
  _check_threads("intra_op_parallelism_threads", intra_op_parallelism_threads)
  _check_threads("inter_op_parallelism_threads", inter_op_parallelism_threads)
  if rewrite_options is not None:
    if not isinstance(rewrite_options, dict):
      raise TypeError("rewrite_options must be a dict or None; got "
                      "{}.".format(type(rewrite_options).__name__))
    switches = _toggle_fields()
    for name, setting in rewrite_options.items():
      if name not in switches:
        raise ValueError("rewrite_options: unknown grappler switch {!r} "
                         "(expected one of {}).".format(
                             name, ", ".join(switches)))
      if not isinstance(setting, (bool, str)) or setting not in _TOGGLES:
        raise ValueError("rewrite_options[{!r}] must be True, False, 'ON', "
                         "'OFF', 'DEFAULT' or 'AGGRESSIVE'; got {!r}.".format(
                             name, setting))
  if prefetch is not None:
    if isinstance(prefetch, bool) or not isinstance(prefetch, numbers.Integral):
      raise TypeError("prefetch must be an int or None; got {}.".format(
          type(prefetch).__name__))
    if prefetch < 0 and prefetch != tf.data.AUTOTUNE:
      raise ValueError("prefetch must be non-negative or tf.data.AUTOTUNE; "
                       "got {}.".format(prefetch))


def fast_session_config(xla=False, intra_op_parallelism_threads=None,
                        inter_op_parallelism_threads=None,
                        rewrite_options=None):
  """The session config that `initialize`'s session options ask for.

  Make your own session with it when you run inference in a session of
  your own (`with tf.Session(config=...) as sess:`).

  Args:
    xla: bool. Auto-cluster the graph for XLA (with the remapper off).
    intra_op_parallelism_threads: int or None. Threads one op may use.
    inter_op_parallelism_threads: int or None. Ops run at once.
    rewrite_options: dict of str to bool or str, or None. Grappler
      switches by `RewriterConfig` field name.

  Returns:
    tf.compat.v1.ConfigProto, or None when every option is at its
    default.

  Raises:
    TypeError, ValueError: as `check_options`.
  """
  check_options(xla, intra_op_parallelism_threads,
                inter_op_parallelism_threads, rewrite_options)
  if not (xla or intra_op_parallelism_threads is not None or
          inter_op_parallelism_threads is not None or rewrite_options):
    return None
  config = tf1.ConfigProto()
  if intra_op_parallelism_threads is not None:
    config.intra_op_parallelism_threads = intra_op_parallelism_threads
  if inter_op_parallelism_threads is not None:
    config.inter_op_parallelism_threads = inter_op_parallelism_threads
    # Sessions otherwise share one process-wide pool of ops-at-once
    # threads, sized by whichever session came first.
    config.use_per_session_threads = True
  rewrites = config.graph_options.rewrite_options
  toggle = _rewriter_config_class().Toggle
  if xla:
    config.graph_options.optimizer_options.global_jit_level = (
        tf1.OptimizerOptions.ON_1)
    # The remapper's fused MatMul ops cannot be compiled and cut the step
    # into small clusters.
    rewrites.remapping = toggle.Value("OFF")
  for name, setting in sorted((rewrite_options or {}).items()):
    setattr(rewrites, name, toggle.Value(_TOGGLES[setting]))
  return config


def config_bytes(config):
  """`config` serialized deterministically; b"" for None."""
  return b"" if config is None else config.SerializeToString(
      deterministic=True)


def xla_compiles():
  """Whether a session configured for XLA compiles on this process's CPU.

  Switches TensorFlow's CPU auto-clustering flag on first (see
  `enable_xla_cpu_autoclustering`): probing without it would itself run
  the process's first graph and leave XLA off for good. False when a
  graph ran in this process before the flag was on. Probed once, on a
  small graph of its own.

  Returns:
    bool.
  """
  if not _XLA_WORKS:
    enable_xla_cpu_autoclustering()
    graph = tf1.Graph()
    with graph.as_default():
      x = tf1.placeholder(tf.float32, [4])
      y = tf.tanh(x * 2.0 + 1.0) * x - 3.0
      metadata = tf1.RunMetadata()
      with tf1.Session(graph=graph,
                       config=fast_session_config(xla=True)) as probe:
        probe.run(y, {x: np.ones(4, np.float32)},
                  options=tf1.RunOptions(
                      trace_level=tf1.RunOptions.FULL_TRACE),
                  run_metadata=metadata)
    _XLA_WORKS.append(any(
        "_XlaRun" in node.timeline_label
        for device in metadata.step_stats.dev_stats
        for node in device.node_stats))
  return _XLA_WORKS[0]
