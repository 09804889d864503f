"""Tests for edward_lite.util.graphs: get_session, random_variables, set_seed."""

import random
import re
import threading
import sys
import types

import numpy as np
import pytest

from edward_lite import _tf
from edward_lite._tf import tf, tf1
from edward_lite.models import Normal
from edward_lite.util import graphs

SEED_AFTER_OPS_MESSAGE = (
    "Seeding is not supported after initializing part of the graph. "
    "Please move set_seed to the beginning of your code.")


@pytest.fixture
def made_sessions(monkeypatch):
  """Records the sessions get_session makes and closes them afterwards.

  get_session pushes each session it makes onto TensorFlow's default
  session stack for good; popping them here (innermost first) keeps one
  test's sessions from becoming the next test's default session.
  """
  made = []
  make_session = graphs._interactive_session  # pylint: disable=protected-access

  def recording(graph):
    session = make_session(graph)
    made.append(session)
    return session

  monkeypatch.setattr(graphs, "_interactive_session", recording)
  yield made
  for session in reversed(made):
    session.close()
    session._edward_lite_default_context.__exit__(None, None, None)  # pylint: disable=protected-access


def test_get_session_returns_the_active_default_session(sess):
  assert graphs.get_session() is sess


def test_get_session_without_default_session_makes_a_default_one(
    made_sessions):
  graph = tf1.Graph()
  with graph.as_default():
    variable = tf1.Variable(3.0)
    session = graphs.get_session()
    assert session.graph is graph
    assert tf1.get_default_session() is session
    # Runs in the default session: fails if get_session did not install it.
    tf1.global_variables_initializer().run()
    assert session.run(variable) == 3.0
    assert graphs.get_session() is session
  assert made_sessions == [session]


def test_get_session_keeps_one_session_per_graph(made_sessions):
  first_graph = tf1.Graph()
  second_graph = tf1.Graph()
  with first_graph.as_default():
    first_session = graphs.get_session()
  with second_graph.as_default():
    second_session = graphs.get_session()
  assert second_session is not first_session
  assert second_session.graph is second_graph
  # The default session is now second_session, which belongs to another
  # graph, so the first graph's own session must come back.
  with first_graph.as_default():
    assert graphs.get_session() is first_session
  assert made_sessions == [first_session, second_session]


def test_get_session_replaces_a_closed_session(made_sessions):
  graph = tf1.Graph()
  with graph.as_default():
    closed_session = graphs.get_session()
    closed_session.close()
    session = graphs.get_session()
    assert session is not closed_session
    assert session.graph is graph
    assert tf1.get_default_session() is session
    assert session.run(tf.constant(2.0) * 3.0) == 6.0
  assert made_sessions == [closed_session, session]


def test_a_session_is_handed_out_only_to_code_outside_edward_lite(
    made_sessions):
  with tf1.Graph().as_default():
    # As edward_lite's own modules ask for it (Inference.__init__ does).
    inside = types.ModuleType("edward_lite.inferences.fake")
    exec("from edward_lite.util.graphs import get_session\n"  # pylint: disable=exec-used
         "session = get_session()", inside.__dict__)
    session = inside.session
    assert not graphs.handed_out(session)
    assert graphs.get_session() is session  # from here: a user's script
    assert graphs.handed_out(session)
  assert made_sessions == [session]


def test_get_session_never_calls_keras_set_session(monkeypatch,
                                                   made_sessions):
  # Edward imported `keras.backend` and called `set_session`; a stand-in
  # Keras records any such call.
  calls = []
  for module_name in ("keras", "tf_keras"):
    backend = types.ModuleType(module_name + ".backend")
    backend.set_session = calls.append
    package = types.ModuleType(module_name)
    package.backend = backend
    monkeypatch.setitem(sys.modules, module_name, package)
    monkeypatch.setitem(sys.modules, module_name + ".backend", backend)
  with tf1.Graph().as_default():
    session = graphs.get_session()
  assert calls == []
  assert made_sessions == [session]
  assert not [name for name in vars(graphs) if "keras" in name.lower()]


def test_random_variables_lists_the_default_graphs_in_order(graph):
  first = Normal(0.0, 1.0)
  second = Normal(first, 1.0, sample_shape=3)
  third = Normal(0.0, 2.0)
  assert graphs.random_variables() == [first, second, third]
  assert graphs.random_variables(graph) == [first, second, third]


def test_random_variables_of_another_graph_are_separate(graph):
  own = Normal(0.0, 1.0)
  other_graph = tf1.Graph()
  with other_graph.as_default():
    other = Normal(0.0, 1.0)
    assert graphs.random_variables() == [other]
  assert graphs.random_variables() == [own]
  assert graphs.random_variables(other_graph) == [other]


def test_random_variables_leaves_out_those_outside_the_collection(graph):
  listed = Normal(0.0, 1.0)
  unlisted = Normal(0.0, 1.0, collections=[])
  elsewhere = Normal(0.0, 1.0, collections=["custom"])
  assert graphs.random_variables() == [listed]
  assert graph.get_collection("custom") == [elsewhere]
  assert not [key for key in graph.get_all_collection_keys()
              if any(item is unlisted for item in graph.get_collection(key))]


@pytest.mark.parametrize("make_op", [
    lambda: tf.constant(1.0),
    lambda: tf1.placeholder(tf.float32, []),
    lambda: Normal(0.0, 1.0),
], ids=["constant", "placeholder", "random_variable"])
def test_set_seed_refuses_a_graph_with_operations(graph, make_op):
  make_op()
  with pytest.raises(RuntimeError, match=re.escape(SEED_AFTER_OPS_MESSAGE)):
    graphs.set_seed(7)


def test_set_seed_seeds_numpy_python_and_the_graph(graph):
  graphs.set_seed(7)
  numpy_draw = np.random.rand(4)
  python_draw = [random.random() for _ in range(4)]
  assert graph.seed == 7
  assert tf1.get_default_graph().seed == 7
  graphs.set_seed(7)
  np.testing.assert_array_equal(np.random.rand(4), numpy_draw)
  assert [random.random() for _ in range(4)] == python_draw
  graphs.set_seed(8)
  assert graph.seed == 8
  assert not np.array_equal(np.random.rand(4), numpy_draw)


def _fresh_graph_draws(seed, python_seed=None):
  """A random_normal draw and a dense kernel from a new graph seeded `seed`.

  `python_seed`, when given, reseeds only Python's `random` afterwards.
  """
  with tf1.Graph().as_default():
    graphs.set_seed(seed)
    if python_seed is not None:
      random.seed(python_seed)
    normal_draw = tf1.random_normal([3])
    tf1.layers.dense(tf.zeros([1, 2]), 3, name="dense")
    kernel = tf1.trainable_variables("dense/kernel")[0]
    with tf1.Session() as session:
      session.run(tf1.global_variables_initializer())
      return session.run([normal_draw, kernel])


@pytest.mark.filterwarnings("ignore:`tf.layers.dense` is deprecated")
def test_set_seed_makes_fresh_graphs_draw_alike():
  normal_draw, kernel = _fresh_graph_draws(3)
  same_normal_draw, same_kernel = _fresh_graph_draws(3)
  np.testing.assert_array_equal(same_normal_draw, normal_draw)
  np.testing.assert_array_equal(same_kernel, kernel)

  other_normal_draw, other_kernel = _fresh_graph_draws(4)
  assert not np.array_equal(other_normal_draw, normal_draw)
  assert not np.array_equal(other_kernel, kernel)


@pytest.mark.filterwarnings("ignore:`tf.layers.dense` is deprecated")
def test_dense_kernels_ignore_draws_from_python_random_after_set_seed():
  # tf_keras's initializer behind tf.layers.dense takes its seed from
  # Python's random unless it has a seeded stream of its own; set_seed
  # gives it one, so another thread or library drawing from `random`
  # (here: reseeding it) between set_seed and the layer changes nothing.
  normal_draw, kernel = _fresh_graph_draws(3)
  reseeded_normal_draw, reseeded_kernel = _fresh_graph_draws(3, python_seed=99)
  np.testing.assert_array_equal(reseeded_normal_draw, normal_draw)
  np.testing.assert_array_equal(reseeded_kernel, kernel)


@pytest.mark.filterwarnings("ignore:`tf.layers.dense` is deprecated")
def test_dense_kernels_ignore_another_threads_draws():
  def draw_in_a_thread():
    worker = threading.Thread(target=lambda: [random.random()
                                              for _ in range(5)])
    worker.start()
    worker.join()

  with tf1.Graph().as_default():
    graphs.set_seed(3)
    draw_in_a_thread()
    random.seed(12345)  # what another library might do
    tf1.layers.dense(tf.zeros([1, 2]), 3, name="dense")
    kernel = tf1.trainable_variables("dense/kernel")[0]
    with tf1.Session() as session:
      session.run(tf1.global_variables_initializer())
      np.testing.assert_array_equal(session.run(kernel),
                                    _fresh_graph_draws(3)[1])


def _kernel_built_in_a_thread(wrap):
  """A dense kernel built in another thread after set_seed(3)."""
  with tf1.Graph().as_default() as graph:
    graphs.set_seed(3)
    random.seed(999)  # the global stream now differs from the seeded one

    def build():
      with graph.as_default():  # the default graph is per thread
        tf1.layers.dense(tf.zeros([1, 2]), 3, name="dense")

    worker = threading.Thread(
        target=_tf.with_callers_keras_seed_stream(build) if wrap else build)
    worker.start()
    worker.join()
    kernel = tf1.trainable_variables("dense/kernel")[0]
    with tf1.Session() as session:
      session.run(tf1.global_variables_initializer())
      return session.run(kernel)


@pytest.mark.filterwarnings("ignore:`tf.layers.dense` is deprecated")
def test_a_replica_thread_draws_from_the_callers_seed_stream():
  # tf.distribute builds each replica in a thread of its own; the
  # inference lends that thread the caller's stream (see
  # inferences/_distributed/data_parallel.py).
  kernel = _fresh_graph_draws(3)[1]
  np.testing.assert_array_equal(_kernel_built_in_a_thread(wrap=True), kernel)
  # Without it, the thread falls back to Python's global random.
  assert not np.array_equal(_kernel_built_in_a_thread(wrap=False), kernel)


def test_models_registers_random_variables_for_util(graph):
  x = Normal(0.0, 1.0)
  tensor = tf.constant(1.0)
  assert graphs.is_random_variable(x)
  assert not graphs.is_random_variable(tensor)
  assert not graphs.is_random_variable(x.value())
  assert graphs.as_tensor(x) is x.value()
  assert graphs.as_tensor(tensor) is tensor
  ops_before = len(tf1.get_default_graph().get_operations())
  variable = tf1.Variable(0.0)
  ops_made = len(tf1.get_default_graph().get_operations())
  assert graphs.as_tensor(variable) is variable
  assert len(tf1.get_default_graph().get_operations()) == ops_made > ops_before
  # Registering the class again keeps it once.
  before = graphs._RANDOM_VARIABLE_CLASSES  # pylint: disable=protected-access
  random_variable = type(x).__mro__[1]
  assert random_variable.__name__ == "RandomVariable"
  assert graphs.register_random_variable_class(
      random_variable) is random_variable
  assert graphs._RANDOM_VARIABLE_CLASSES == before  # pylint: disable=protected-access
