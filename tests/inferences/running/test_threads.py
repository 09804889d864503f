"""Session threads chosen at `initialize` by timing the model's step.

Which setting wins depends on the machine and its load, so the tests
that need a given winner make the timing say so
(`timing.time_settings`), and one test runs the real timing. What must
hold whichever setting wins: the losses are those of TensorFlow's
default threads to float rounding (thread counts only change how a
float sum is split), and a session the user may hold is never replaced.
"""

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.inferences._running import threads as timing
from edward_lite.util import graphs
from edward_lite.util.data_pipeline import dataset_from_arrays
from tests.inferences.running import test_fast_path as fast

TF_DEFAULT = dict(intra_op_parallelism_threads=0,
                  inter_op_parallelism_threads=0)


# Winners some machine may pick: 2 cores, 4 cores (both of its others).
WINNERS = [(1, 2), (1, 4), (2, 2)]


def _winning(monkeypatch, winner):
  """Makes the timing pick `winner`; returns the list of calls made."""
  calls = []
  cpus = winner[1] if winner[0] == 1 else 2 * winner[1]
  settings = timing.candidates(cpus)
  assert winner in settings

  def fake_time_settings(graph, fetches, variables, configs):
    calls.append(configs)
    return [1.0 if setting == winner else 2.0 for setting in settings]

  monkeypatch.setattr(timing, "schedulable_cpus", lambda: cpus)
  monkeypatch.setattr(timing, "time_settings", fake_time_settings)
  return calls


def _train(input_mode="feed", **options):
  """(losses, (intra, inter)) of test_fast_path's BiGAN.

  Built with initialize's defaults (the lean graph) apart from `options`;
  the second item is the thread setting of the session it trained in
  ((0, 0): TensorFlow's default).
  """
  x_rows, z_rows = fast._rows()  # pylint: disable=protected-access
  with fast.fresh_graph(seed=7):
    x_ph, z_ph, xf, zf = fast._small_bigan_model()  # pylint: disable=protected-access
    data = {xf: x_ph}
    if input_mode == "arrays":
      data[x_ph] = dataset_from_arrays(x_rows, fast.BATCH)
      data[z_ph] = dataset_from_arrays(z_rows, fast.BATCH)
    inference = ed.BiGANInference({z_ph: zf}, data, fast._discriminator)  # pylint: disable=protected-access
    inference.initialize(n_iter=fast.STEPS, n_print=0, **options)
    session = ed.get_session()
    session.run(tf1.global_variables_initializer())
    losses = []
    for x_batch, z_batch in zip(fast._batches(x_rows), fast._batches(z_rows)):  # pylint: disable=protected-access
      feed = {x_ph: x_batch, z_ph: z_batch} if input_mode == "feed" else None
      info = inference.update(feed)
      losses.append((info["loss"], info["loss_d"]))
    config = session._config  # pylint: disable=protected-access
    threads = (config.intra_op_parallelism_threads,
               config.inter_op_parallelism_threads)
  return np.array(losses), threads


@pytest.fixture(scope="module")
def default_threads_losses():
  return {mode: _train(mode, **TF_DEFAULT) for mode in ("feed", "arrays")}


def test_candidates():
  assert timing.candidates(1) == []
  assert timing.candidates(2) == [None, (1, 2)]
  assert timing.candidates(8) == [None, (1, 8), (2, 4)]


@pytest.mark.parametrize("input_mode", ["feed", "arrays"])
@pytest.mark.parametrize("winner", WINNERS, ids=str)
def test_losses_do_not_depend_on_the_setting_that_wins(
    monkeypatch, default_threads_losses, winner, input_mode):
  expected, threads = default_threads_losses[input_mode]
  assert threads == (0, 0)
  calls = _winning(monkeypatch, winner)
  losses, threads = _train(input_mode)
  assert len(calls) == 1 and threads == winner
  # How Eigen splits a float32 sum depends on the threads: an ulp was
  # seen on a busy machine, which six Adam steps keep within 1e-5.
  np.testing.assert_allclose(losses, expected, rtol=1e-5, atol=1e-6)
  # Not trivially: the losses move by far more than the tolerance.
  assert np.ptp(expected[:, 1]) > 1e-3


def test_tensorflows_default_stays_unless_clearly_faster(monkeypatch):
  monkeypatch.setattr(timing, "schedulable_cpus", lambda: 2)
  monkeypatch.setattr(timing, "time_settings",
                      lambda *args: [1.0, timing.MARGIN * 1.0 + 1e-3])
  _, threads = _train()
  assert threads == (0, 0)


def _small_gan(data_value=None):
  """(GANInference, x_ph): a one-layer generator of constant noise."""
  x_ph = tf1.placeholder(tf.float32, [fast.BATCH, fast.PIXELS])
  with tf1.variable_scope("Gen"):
    x_fake = tf1.layers.dense(tf.ones([fast.BATCH, fast.LATENT]), fast.PIXELS)
  data = {x_fake: x_ph if data_value is None else data_value}
  return ed.GANInference(data, lambda x: tf1.layers.dense(x, 1)), x_ph


def test_a_session_handed_out_to_the_user_is_kept(monkeypatch):
  calls = _winning(monkeypatch, (1, 2))
  with fast.fresh_graph(seed=1):
    sess = ed.get_session()  # held by the user, as in many scripts
    inference, _ = _small_gan()
    inference.initialize(n_iter=1, n_print=0)
    assert ed.get_session() is sess and not sess._closed  # pylint: disable=protected-access
    assert sess._config.inter_op_parallelism_threads == 0  # pylint: disable=protected-access
  assert calls == []


@pytest.mark.parametrize("options", [
    dict(intra_op_parallelism_threads=0),
    dict(inter_op_parallelism_threads=2),
    dict(xla=True),
], ids=["intra", "inter", "xla"])
def test_options_that_ask_for_a_session_are_not_second_guessed(monkeypatch,
                                                               options):
  calls = _winning(monkeypatch, (1, 2))
  with fast.fresh_graph(seed=1):
    inference, _ = _small_gan()
    inference.initialize(n_iter=1, n_print=0, **options)
  assert calls == []


def test_the_users_own_session_is_not_timed(monkeypatch):
  calls = _winning(monkeypatch, (1, 2))
  with tf1.Graph().as_default(), tf1.Session() as sess:
    inference, _ = _small_gan()
    inference.initialize(n_iter=1, n_print=0)
    assert ed.get_session() is sess
  assert calls == []


def test_the_real_timing_runs_the_step_apart_from_the_users_session():
  with fast.fresh_graph(seed=1):
    inference, x_ph = _small_gan()
    inference.initialize(n_iter=1, n_print=0)
    sess = ed.get_session()
    timings = inference._thread_timings  # pylint: disable=protected-access
    assert list(timings) == timing.candidates(timing.schedulable_cpus())
    assert all(0 < seconds < 10 for seconds in timings.values())
    # The probe sessions initialized and trained their own variables:
    # the user's session has none initialized and t is still to start.
    uninitialized = sess.run(tf1.report_uninitialized_variables())
    assert len(uninitialized) == len(tf1.global_variables())
    sess.run(tf1.global_variables_initializer())
    assert inference.update({x_ph: np.zeros([fast.BATCH, fast.PIXELS],
                                            np.float32)})["t"] == 1


def test_a_step_that_reads_an_iterator_is_not_timed(monkeypatch):
  returned = []
  real = timing.time_settings

  def spy(*args):
    returned.append(real(*args))
    return returned[-1]

  monkeypatch.setattr(timing, "time_settings", spy)
  monkeypatch.setattr(timing, "schedulable_cpus", lambda: 2)
  rows, _ = fast._rows()  # pylint: disable=protected-access
  with fast.fresh_graph(seed=1):
    inference, _ = _small_gan(dataset_from_arrays(rows, fast.BATCH))
    inference.initialize(n_iter=1, n_print=0)
    assert returned == [None]
    assert "_thread_timings" not in inference.__dict__
    # Nothing read the user's data: the iterator is at its first batch.
    first = ed.get_session().run(list(inference.data.values())[0])
    np.testing.assert_array_equal(first, rows[:fast.BATCH])


@pytest.mark.parametrize("limit", ["MAX_STEP_SECONDS", "MAX_VARIABLE_BYTES"])
def test_a_long_step_or_large_variables_are_not_timed(monkeypatch, limit):
  monkeypatch.setattr(timing, limit, 0)
  monkeypatch.setattr(timing, "schedulable_cpus", lambda: 2)
  with fast.fresh_graph(seed=1):
    inference, _ = _small_gan()
    # Not through ed.get_session(), which would hand the session out.
    sessions = graphs._INTERACTIVE_SESSIONS  # pylint: disable=protected-access
    session = sessions[tf1.get_default_graph()]
    inference.initialize(n_iter=1, n_print=0)
    assert "_thread_timings" not in inference.__dict__
    assert sessions[tf1.get_default_graph()] is session
  monkeypatch.undo()
  monkeypatch.setattr(timing, "schedulable_cpus", lambda: 2)
  with fast.fresh_graph(seed=1):
    inference, _ = _small_gan()
    inference.initialize(n_iter=1, n_print=0)
    assert list(inference._thread_timings) == [None, (1, 2)]  # pylint: disable=protected-access
