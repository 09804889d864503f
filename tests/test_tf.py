"""edward_lite._tf: graph mode and legacy tf.layers, set once at import."""

import os
import subprocess
import sys
import textwrap

import edward_lite
from edward_lite._tf import tf, tf1


def _run_python(code, env=None):
  return subprocess.run([sys.executable, "-c", textwrap.dedent(code)],
                        capture_output=True, text=True, timeout=300, env=env)


def _env_without(*names):
  return {key: value for key, value in os.environ.items()
          if key not in names}


def test_import_puts_tensorflow_in_graph_mode():
  assert not tf.executing_eagerly()
  assert not tf1.executing_eagerly_outside_functions()


def test_tf_layers_dense_builds_variables_in_scope(sess):
  x = tf1.placeholder(tf.float32, [None, 3])
  with tf1.variable_scope("Gen"):
    tf1.layers.dense(x, 4)
  names = sorted(v.name for v in tf1.trainable_variables())
  assert names == ["Gen/dense/bias:0", "Gen/dense/kernel:0"]


def test_version_is_exported():
  assert edward_lite.__version__ == edward_lite.VERSION
  assert edward_lite.__version__.count(".") == 2


def test_import_after_eager_ops_raises_runtime_error():
  result = _run_python("""
      import tensorflow as tf
      tf.constant(1.0) + 1.0
      try:
        import edward_lite
      except RuntimeError as error:
        print("RuntimeError:", error)
      """)
  assert result.returncode == 0, result.stderr
  assert "RuntimeError: edward_lite runs TensorFlow in graph mode" in result.stdout
  assert "eager operations have already run" in result.stdout


def test_import_after_plain_tensorflow_import_still_works():
  result = _run_python("""
      import tensorflow as tf
      import edward_lite
      x = tf.compat.v1.placeholder(tf.float32, [2, 3])
      y = tf.compat.v1.layers.dense(x, 1)
      print(type(y).__name__, tf.executing_eagerly())
      """)
  assert result.returncode == 0, result.stderr
  assert result.stdout.split()[-2:] == ["SymbolicTensor", "False"]


_THREAD_POOLS = """
    import os
    import edward_lite as ed
    from edward_lite._tf import tf, tf1

    def threads():
      return len(os.listdir("/proc/self/task"))

    with tf1.Graph().as_default():
      two = tf.constant(1.0) * 2.0
      # The process's first session, with TensorFlow's defaults, as
      # Edward's scripts make one.
      first = tf1.Session()
      first.run(two)
      before = threads()
      config = ed.inferences.fast_session_config(
          intra_op_parallelism_threads=3, inter_op_parallelism_threads=1)
      later = tf1.Session(config=config)
      later.run(two)
      print(threads() - before)
"""


def test_a_later_sessions_thread_settings_get_pools_of_their_own():
  # Three threads for the work inside ops and one for ops at once: the
  # settings are that session's, not the first session's.
  result = _run_python(_THREAD_POOLS)
  assert result.returncode == 0, result.stderr[-2000:]
  assert result.stdout.split()[-1] == "4"


def test_without_the_override_the_first_session_sizes_every_pool():
  # What TensorFlow does on its own (and what a user who sets the
  # variable to 0 gets): the later session's intra-op setting is ignored.
  code = "import os\nos.environ['TF_OVERRIDE_GLOBAL_THREADPOOL'] = '0'\n"
  result = _run_python(code + textwrap.dedent(_THREAD_POOLS))
  assert result.returncode == 0, result.stderr[-2000:]
  assert result.stdout.split()[-1] == "1"


# A graph of the user's own, in a session that asks for XLA the way
# TensorFlow documents it (global_jit_level), traced to see whether any
# op ran as a compiled XLA cluster.
_USERS_JIT_SESSION = """
    import numpy as np
    from edward_lite._tf import tf, tf1

    def users_jit_session_compiles():
      with tf1.Graph().as_default():
        x = tf1.placeholder(tf.float32, [4])
        y = tf.tanh(x * 2.0 + 1.0) * x - 3.0
        config = tf1.ConfigProto()
        config.graph_options.optimizer_options.global_jit_level = (
            tf1.OptimizerOptions.ON_1)
        metadata = tf1.RunMetadata()
        with tf1.Session(config=config) as session:
          session.run(y, {x: np.ones(4, np.float32)},
                      options=tf1.RunOptions(
                          trace_level=tf1.RunOptions.FULL_TRACE),
                      run_metadata=metadata)
      return any("_XlaRun" in node.timeline_label
                 for device in metadata.step_stats.dev_stats
                 for node in device.node_stats)
"""


def _script(*parts):
  return "".join(textwrap.dedent(part) for part in parts)


def test_import_leaves_xla_cpu_autoclustering_as_it_was():
  # Before, `import edward_lite` switched TensorFlow's process-wide CPU
  # auto-clustering flag on, so a user's own session asking for XLA
  # compiled on the CPU where plain TensorFlow would not.
  result = _run_python(_script("""
      import os
      before = os.environ.get("TF_XLA_FLAGS")
      import edward_lite
      print("env unchanged:", os.environ.get("TF_XLA_FLAGS") == before)
      """, _USERS_JIT_SESSION, """
      print("compiles:", users_jit_session_compiles())
      """), env=_env_without("TF_XLA_FLAGS"))
  assert result.returncode == 0, result.stderr[-2000:]
  assert result.stdout.splitlines()[-2:] == ["env unchanged: True",
                                             "compiles: False"]


def test_enable_xla_cpu_autoclustering_is_what_makes_a_jit_session_compile():
  # The contrast to the test above: the same session compiles once the
  # flag is on before the first graph runs, so "False" there is the flag.
  result = _run_python(_script(_USERS_JIT_SESSION, """
      import edward_lite._tf
      edward_lite._tf.enable_xla_cpu_autoclustering()
      print("compiles:", users_jit_session_compiles())
      """), env=_env_without("TF_XLA_FLAGS"))
  assert result.returncode == 0, result.stderr[-2000:]
  assert result.stdout.splitlines()[-1] == "compiles: True"
