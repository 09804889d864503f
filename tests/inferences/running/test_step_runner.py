"""The step runner: fed steps through a callable, as Session.run would run them.

Every check compares against `Session.run` of the same fetches and
feeds in the same session: values (bit for bit, with their types),
errors (type and message), and the fall-backs where the callable would
not do what `Session.run` does.
"""

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.inferences._running import step_runner
from edward_lite.inferences._running.step_runner import StepRunner
from tests import test_util

N, D = 4, 3


class _Counted(object):
  """Counts the callables `sess` makes and the `Session.run` calls."""

  def __init__(self, sess, monkeypatch):
    self.made = self.runs = 0
    make, run = sess._make_callable_from_options, sess.run  # pylint: disable=protected-access

    def counted_make(options):
      self.made += 1
      return make(options)

    def counted_run(*args, **kwargs):
      self.runs += 1
      return run(*args, **kwargs)
    monkeypatch.setattr(sess, "_make_callable_from_options", counted_make)
    monkeypatch.setattr(sess, "run", counted_run)


def _step_graph():
  """A fed step with a variable update, a random draw and an op."""
  x_ph = tf1.placeholder(tf.float32, [None, D], name="x")
  z_ph = tf1.placeholder(tf.float32, [N, 1], name="z")
  weights = tf1.Variable(np.arange(D, dtype=np.float32).reshape(D, 1))
  loss = tf.reduce_mean(tf.matmul(x_ph, weights) * z_ph)
  noise = tf1.random_normal([2], seed=3)
  train = tf1.assign_add(weights, tf.ones_like(weights) * loss).op
  return {"loss": loss, "noise": noise, "train": train,
          "weights": weights.value()}, x_ph, z_ph


def _feeds(rng, x_ph, z_ph):
  return {x_ph: rng.standard_normal((N, D)).astype(np.float32),
          z_ph: rng.standard_normal((N, 1)).astype(np.float32)}


def _run_both(steps, use_runner):
  """Values of `steps` steps, through StepRunner or through Session.run."""
  with test_util.fresh_session(seed=7) as sess:
    fetches, x_ph, z_ph = _step_graph()
    sess.run(tf1.global_variables_initializer())
    runner, rng = StepRunner(), np.random.RandomState(0)
    values = []
    for _ in range(steps):
      feeds = _feeds(rng, x_ph, z_ph)
      values.append(runner.run(sess, fetches, feeds) if use_runner
                    else sess.run(fetches, feeds))
    return values


def test_values_are_session_runs_bit_for_bit_with_their_types():
  ours, theirs = _run_both(4, True), _run_both(4, False)
  assert [sorted(v) for v in ours] == [sorted(v) for v in theirs]
  for mine, plain in zip(ours, theirs):
    for name in plain:
      assert type(mine[name]) is type(plain[name]), name
      np.testing.assert_array_equal(mine[name], plain[name])
  assert ours[0]["train"] is None


def test_one_callable_per_set_of_fetches_and_feed_keys(monkeypatch):
  with test_util.fresh_session() as sess:
    fetches, x_ph, z_ph = _step_graph()
    sess.run(tf1.global_variables_initializer())
    counted = _Counted(sess, monkeypatch)
    runner, rng = StepRunner(), np.random.RandomState(0)
    for _ in range(5):
      runner.run(sess, fetches, _feeds(rng, x_ph, z_ph))
    # The same keys given in another order are the same set.
    feeds = _feeds(rng, x_ph, z_ph)
    runner.run(sess, dict(fetches), {z_ph: feeds[z_ph], x_ph: feeds[x_ph]})
    assert (counted.made, counted.runs) == (1, 0)
    runner.run(sess, {"loss": fetches["loss"]}, feeds)
    assert (counted.made, counted.runs) == (2, 0)


def test_callables_kept_are_bounded(monkeypatch):
  monkeypatch.setattr(step_runner, "_MAX_FED_CALLS", 2)
  with test_util.fresh_session() as sess:
    fetches, x_ph, z_ph = _step_graph()
    sess.run(tf1.global_variables_initializer())
    feeds = _feeds(np.random.RandomState(0), x_ph, z_ph)
    runner = StepRunner()
    for step in range(6):
      name = ["loss", "noise", "weights"][step % 3]
      value = runner.run(sess, {name: fetches[name]}, feeds)[name]
      if name != "noise":
        np.testing.assert_array_equal(value, sess.run(fetches[name], feeds))
      assert len(runner._fed_calls) <= 2  # pylint: disable=protected-access


@pytest.mark.parametrize("value", [
    "float64 array", "list", "wrong shape", "too many dims", "tensor"])
def test_feeds_it_cannot_pass_as_arrays_go_through_session_run(
    value, monkeypatch):
  with test_util.fresh_session() as sess:
    fetches, x_ph, z_ph = _step_graph()
    sess.run(tf1.global_variables_initializer())
    feeds = _feeds(np.random.RandomState(0), x_ph, z_ph)
    feeds[x_ph] = {
        "float64 array": feeds[x_ph].astype(np.float64),
        "list": feeds[x_ph].tolist(),
        "wrong shape": np.ones((N, D + 1), np.float32),
        "too many dims": np.ones((1, N, D), np.float32),
        "tensor": tf.ones([N, D]),
    }[value]
    fetches = {"loss": fetches["loss"]}
    try:
      expected = sess.run(fetches, feeds)
    except (TypeError, ValueError) as error:
      expected = error
    counted = _Counted(sess, monkeypatch)
    if isinstance(expected, Exception):
      with pytest.raises(type(expected)) as raised:
        StepRunner().run(sess, fetches, feeds)
      assert str(raised.value) == str(expected)
      assert counted.runs == 1
    else:
      assert StepRunner().run(sess, fetches, feeds) == expected
      # NumPy's own conversion, as Session.run does it, then the callable.
      assert counted.runs == (1 if value == "list" else 0)


def test_keys_that_are_not_feedable_tensors_go_through_session_run(
    monkeypatch):
  with test_util.fresh_session() as sess:
    fetches, x_ph, z_ph = _step_graph()
    sess.run(tf1.global_variables_initializer())
    feeds = _feeds(np.random.RandomState(0), x_ph, z_ph)
    by_name = {x_ph.name: feeds[x_ph], z_ph: feeds[z_ph]}
    counted = _Counted(sess, monkeypatch)
    runner = StepRunner()
    assert (runner.run(sess, {"loss": fetches["loss"]}, by_name)["loss"] ==
            sess.run(fetches["loss"], feeds))
    assert counted.made == 0
    sess.graph.prevent_feeding(z_ph)
    with pytest.raises(ValueError, match="may not be fed"):
      runner.run(sess, {"loss": fetches["loss"]}, feeds)
    assert counted.made == 0


def test_a_failed_step_raises_what_session_run_raises():
  with test_util.fresh_session() as sess:
    fetches, x_ph, z_ph = _step_graph()
    sess.run(tf1.global_variables_initializer())
    feeds = _feeds(np.random.RandomState(0), x_ph, z_ph)
    del feeds[z_ph]  # needed, not fed
    with pytest.raises(tf.errors.InvalidArgumentError) as plain:
      sess.run(fetches, feeds)
    with pytest.raises(tf.errors.InvalidArgumentError) as ours:
      StepRunner().run(sess, fetches, feeds)
    assert ours.value.message == plain.value.message
    assert ours.value.op is not None and ours.value.op is plain.value.op


def test_a_closed_session_raises_what_session_run_raises():
  with test_util.fresh_session() as sess:
    fetches, x_ph, z_ph = _step_graph()
    sess.run(tf1.global_variables_initializer())
    feeds = _feeds(np.random.RandomState(0), x_ph, z_ph)
    runner = StepRunner()
    runner.run(sess, fetches, feeds)
  with pytest.raises(RuntimeError, match="closed Session"):
    runner.run(sess, fetches, feeds)


def test_bigan_losses_through_callables_are_session_runs(monkeypatch):
  """Edward's BiGAN with default options: update() with and without them."""

  def train():
    # On a graph of its own with edward_lite's own session, which
    # initialize replaces by one with the threads asked for.
    with tf1.Graph().as_default():
      test_util.seed_everything(3)
      x_ph = tf1.placeholder(tf.float32, [N, 5])
      z_ph = tf1.placeholder(tf.float32, [N, 2])
      with tf1.variable_scope("Gen"):
        x_fake = tf1.layers.dense(z_ph, 5, tf.sigmoid)
        z_fake = tf1.layers.dense(x_ph, 2)

      def discriminator(x, z):
        hidden = tf1.layers.dense(tf.concat([x, z], 1), 4)
        return tf1.layers.dense(tf.maximum(hidden, 0.2 * hidden), 1)
      inference = ed.BiGANInference({z_ph: z_fake}, {x_fake: x_ph},
                                    discriminator)
      # Threads given, so that no timing at initialize picks them: the
      # two trainings must run the same kernels.
      inference.initialize(n_print=0, intra_op_parallelism_threads=1,
                           inter_op_parallelism_threads=2)
      ed.get_session().run(tf1.global_variables_initializer())
      rng = np.random.RandomState(0)
      infos = [inference.update(
          {x_ph: rng.binomial(1, 0.5, (N, 5)).astype(np.float32),
           z_ph: rng.standard_normal((N, 2)).astype(np.float32)})
               for _ in range(5)]
      ed.get_session().close()
      return [(info["t"], info["loss"], info["loss_d"]) for info in infos]

  through_callables = train()
  monkeypatch.setattr(step_runner, "_runs_callables", lambda sess: False)
  through_session_run = train()
  assert [t for t, _, _ in through_callables] == [1, 2, 3, 4, 5]
  np.testing.assert_array_equal(through_callables, through_session_run)
