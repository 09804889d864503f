"""The one graph walker: order, stops, control inputs, cycles."""

import pytest

from edward_lite._tf import tf, tf1
from edward_lite.util.graph_walk import (
    downstream_tensors, upstream_ops, upstream_tensors)


@pytest.fixture
def graph():
  with tf.Graph().as_default() as fresh:
    yield fresh


@pytest.fixture
def diamond(graph):
  """a -> b = a * 2, a -> c = a + 1, d = b - c: a diamond."""
  a = tf.constant(1.0, name="a")
  b = tf.multiply(a, 2.0, name="b")
  c = tf.add(a, 1.0, name="c")
  d = tf.subtract(b, c, name="d")
  return a, b, c, d


def _names(nodes):
  return [node.name for node in nodes]


def _before(order, first, second):
  names = _names(order)
  return names.index(first) < names.index(second)


def test_upstream_tensors_lists_each_once_inputs_first(diamond):
  a, b, c, d = diamond
  order = upstream_tensors(d)
  names = _names(order)
  assert len(names) == len(set(names))
  assert set(names) == {"a:0", "b:0", "c:0", "d:0", "b/y:0", "c/y:0"}
  assert names[-1] == "d:0"
  for first, second in [("a:0", "b:0"), ("a:0", "c:0"), ("b:0", "d:0"),
                        ("c:0", "d:0")]:
    assert _before(order, first, second)
  assert upstream_tensors([d]) == order


def test_upstream_tensors_stop_lists_but_does_not_walk_through(diamond):
  a, b, _, d = diamond
  names = _names(upstream_tensors(d, stop=lambda t: t.name == "b:0"))
  assert "b:0" in names and "b/y:0" not in names
  # a is still reached, through c.
  assert "a:0" in names
  assert _names(upstream_tensors(b, stop=lambda t: True)) == ["b:0"]


def test_downstream_tensors_lists_readers_after_what_they_read(diamond):
  a, b, c, d = diamond
  order = downstream_tensors(a)
  assert set(_names(order)) == {"a:0", "b:0", "c:0", "d:0"}
  assert _names(order)[0] == "a:0" and _names(order)[-1] == "d:0"
  stopped = downstream_tensors(a, stop=lambda t: t.name == "b:0")
  assert set(_names(stopped)) == {"a:0", "b:0", "c:0", "d:0"}
  assert _names(downstream_tensors(b, stop=lambda t: True)) == ["b:0"]


def test_upstream_ops_inputs_control_inputs_and_through(graph):
  a = tf.constant(1.0, name="a")
  marker = tf.no_op(name="marker")
  with tf.control_dependencies([marker]):
    b = tf.identity(a, name="b")
  assert _names(upstream_ops(b)) == ["a", "b"]
  assert set(_names(upstream_ops(b, control_inputs=True))) == {
      "a", "marker", "b"}
  assert _names(upstream_ops(b.op, control_inputs=True))[-1] == "b"
  assert _names(upstream_ops(b, through=lambda t: t.name != "a:0")) == ["b"]
  assert _names(upstream_ops(b, stop=lambda op: op.name == "b")) == ["b"]


def test_upstream_ops_takes_tensors_and_ops_together(diamond):
  a, b, c, _ = diamond
  names = _names(upstream_ops([b, c.op]))
  assert len(names) == len(set(names))
  assert set(names) == {"a", "b/y", "b", "c/y", "c"}
  assert _before(upstream_ops([b, c.op]), "a", "b")


def test_walks_end_on_a_tf1_while_loop_cycle(graph):
  tf1.disable_control_flow_v2()
  try:
    counter = tf1.while_loop(lambda i: i < 3, lambda i: i + 1,
                             [tf.constant(0)])
  finally:
    tf1.enable_control_flow_v2()
  ops = upstream_ops(counter)
  assert any(op.type == "NextIteration" for op in ops)
  assert len(set(ops)) == len(ops)
  tensors = upstream_tensors(counter)
  assert len({t.ref() for t in tensors}) == len(tensors)
