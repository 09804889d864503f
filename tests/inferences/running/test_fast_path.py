"""The fast paths give the plain path's losses, and fail clearly.

Each fast path trains a small BiGAN (or GAN) for a few steps from the
same seed and the same batches as the plain feed_dict path. What must
hold, and how exactly:

- tf.data input (dataset bound to a placeholder or to the data key,
  from arrays or from a Python generator): to an ulp or two. The graph
  computes the same ops on the same numbers, only the input differs,
  but not bit for bit: a batch fed from NumPy and one made by tf.data
  sit in different buffers, and the CPU kernels (Eigen's or oneDNN's)
  were seen to round one step's loss an ulp apart between the two, in
  either direction from run to run. The weights then stay the same, so
  the difference does not grow.
- thread settings and grappler switches: bit for bit on this model (the
  kernels' reductions do not depend on the pool sizes here).
- XLA: to float tolerance; XLA fuses and reorders float arithmetic.
- lean gradients: to float tolerance; the cross-entropies are computed
  by softplus ops (an ulp apart), the gradients are TensorFlow's bit for
  bit for the leaky ReLUs and to the last bit for the concatenation.
"""

import contextlib
import os
import re
import subprocess
import sys

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.util import graphs
from edward_lite.util.data_pipeline import dataset_from_arrays
from tests import test_util

BATCH, LATENT, PIXELS, HIDDEN = 8, 3, 12, 16
STEPS = 6
N_ROWS = 40


@contextlib.contextmanager
def fresh_graph(seed):
  """A new default graph, seeded, with no session: edward_lite makes its own.

  Edward's scripts never open a session; the session options replace
  the one edward_lite made, which only happens when it is edward_lite's.
  """
  with tf1.Graph().as_default():
    test_util.seed_everything(seed)
    yield
    graphs.get_session().close()


def _leaky_relu(x):
  return tf.maximum(x, 0.2 * x)


def _discriminator(x, z):
  hidden = tf1.layers.dense(tf.concat([x, z], 1), HIDDEN, _leaky_relu)
  return tf1.layers.dense(hidden, 1)


def _rows():
  rng = np.random.RandomState(0)
  return (rng.rand(N_ROWS, PIXELS).astype(np.float32),
          rng.randn(N_ROWS, LATENT).astype(np.float32))


def _batches(rows):
  """The batches dataset_from_arrays yields: back-to-back epochs."""
  for step in range(STEPS):
    start = (step * BATCH) % N_ROWS
    yield rows[start:start + BATCH]


def _small_bigan_model():
  """(x_ph, z_ph, G(z), E(x)) of Edward's bigan.py networks, small."""
  x_ph = tf1.placeholder(tf.float32, [BATCH, PIXELS])
  z_ph = tf1.placeholder(tf.float32, [BATCH, LATENT])
  with tf1.variable_scope("Gen"):
    xf = tf1.layers.dense(tf1.layers.dense(z_ph, HIDDEN, _leaky_relu),
                          PIXELS, tf.sigmoid)
    zf = tf1.layers.dense(tf1.layers.dense(x_ph, HIDDEN, _leaky_relu),
                          LATENT)
  return x_ph, z_ph, xf, zf


def train_bigan(input_mode="feed", steps=STEPS, variables=None, plain=True,
                **options):
  """Losses of `steps` updates of a small BiGAN, from seed 7.

  Args:
    input_mode: "feed" (feed_dict), "arrays" (dataset_from_arrays bound to
      the placeholders) or "generator" (Dataset.from_generator).
    steps: int.
    variables: None, "Gen" or "Disc", passed to update.
    plain: bool. Build Edward's graph (`lean_gradients=False`) unless
      `options` say otherwise; False leaves initialize's own defaults.
    **options: passed to initialize.

  Returns:
    np.ndarray of shape [steps, 2]: (loss, loss_d) per step.
  """
  if plain:
    options.setdefault("lean_gradients", False)
  x_rows, z_rows = _rows()
  with fresh_graph(seed=7):
    x_ph, z_ph, xf, zf = _small_bigan_model()
    data = {xf: x_ph}
    if input_mode == "arrays":
      data[x_ph] = dataset_from_arrays(x_rows, BATCH)
      data[z_ph] = dataset_from_arrays(z_rows, BATCH)
    elif input_mode == "generator":
      for placeholder, rows in ((x_ph, x_rows), (z_ph, z_rows)):
        data[placeholder] = tf1.data.Dataset.from_generator(
            lambda rows=rows: _batches(rows), tf.float32,
            placeholder.shape)
    inference = ed.BiGANInference({z_ph: zf}, data, _discriminator)
    inference.initialize(n_iter=steps, n_print=0, **options)
    session = ed.get_session()
    session.run(tf1.global_variables_initializer())
    losses = []
    feeds = zip(_batches(x_rows), _batches(z_rows))
    for _ in range(steps):
      x_batch, z_batch = next(feeds)
      feed = {x_ph: x_batch, z_ph: z_batch} if input_mode == "feed" else None
      info = inference.update(feed, variables)
      losses.append((info["loss"], info["loss_d"]))
    return np.array(losses)


@pytest.fixture(scope="module")
def plain_losses():
  return train_bigan()


# A few float32 ulps of numbers near 1; six Adam steps from different
# weights or batches move the losses by more than 1e-2.
ULPS = dict(rtol=4e-7, atol=0)


@pytest.mark.parametrize("input_mode", ["arrays", "generator"])
def test_dataset_input_gives_the_feed_dict_losses(plain_losses, input_mode):
  np.testing.assert_allclose(train_bigan(input_mode), plain_losses, **ULPS)


@pytest.mark.parametrize("variables", ["Gen", "Disc"])
def test_one_sided_steps_with_dataset_input_match_feed_dict(variables):
  np.testing.assert_allclose(train_bigan("arrays", variables=variables),
                             train_bigan("feed", variables=variables), **ULPS)


def test_the_ulp_tolerance_tells_other_training_apart(plain_losses):
  # Updating only the generator: the same first loss, then others.
  with pytest.raises(AssertionError, match="Mismatched elements"):
    np.testing.assert_allclose(train_bigan(variables="Gen"), plain_losses,
                               **ULPS)


@pytest.mark.parametrize("options", [
    dict(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1),
    dict(intra_op_parallelism_threads=2, inter_op_parallelism_threads=1),
    dict(intra_op_parallelism_threads=1, inter_op_parallelism_threads=2),
], ids=["threads_1_1", "threads_2_1", "threads_1_2"])
def test_thread_settings_give_the_plain_losses(plain_losses, options):
  # Thread counts change how Eigen splits float32 reductions; on a busy
  # machine that split was seen to move a loss by an ulp, so the check
  # is to float tolerance rather than bit for bit.
  np.testing.assert_allclose(train_bigan(**options), plain_losses,
                             rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("options", [
    dict(xla=True),
    dict(rewrite_options={"remapping": False,
                          "arithmetic_optimization": "OFF"}),
], ids=["xla", "grappler"])
def test_compiling_options_give_the_plain_losses_to_float_tolerance(
    plain_losses, options):
  losses = train_bigan(**options)
  # Fused kernels (XLA's, or oneDNN's MatMul+BiasAdd that the remapper
  # makes) round float32 sums in another order: a few ulps per op, which
  # six steps of Adam keep within 1e-5 relative.
  np.testing.assert_allclose(losses, plain_losses, rtol=1e-5, atol=1e-6)


def test_all_fast_paths_together(plain_losses):
  losses = train_bigan("arrays", xla=True, intra_op_parallelism_threads=1,
                       inter_op_parallelism_threads=1, prefetch=4,
                       lean_gradients=True)
  np.testing.assert_allclose(losses, plain_losses, rtol=1e-5, atol=1e-6)


def test_the_benchmarks_best_path_gives_the_plain_losses(plain_losses):
  # Lean gradients, one thread per op and two ops at once, tf.data input.
  losses = train_bigan("arrays", lean_gradients=True,
                       intra_op_parallelism_threads=1,
                       inter_op_parallelism_threads=2)
  np.testing.assert_allclose(losses, plain_losses, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("input_mode", ["feed", "arrays"])
def test_lean_gradients_give_the_plain_losses(plain_losses, input_mode):
  losses = train_bigan(input_mode, lean_gradients=True)
  np.testing.assert_allclose(losses, plain_losses, rtol=1e-5, atol=1e-6)
  # Not trivially: the plain losses move by far more than the tolerance.
  assert np.ptp(plain_losses[:, 1]) > 1e-3


def test_lean_gradients_are_the_default():
  counts = {}
  for options in ({}, {"lean_gradients": False}):
    with fresh_graph(seed=7):
      x_ph, z_ph, xf, zf = _small_bigan_model()
      inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, _discriminator)
      inference.initialize(n_iter=1, n_print=0, **options)
      types = [op.type for op in tf1.get_default_graph().get_operations()]
      counts[bool(options)] = (inference.lean_gradients,
                               types.count("LeakyReluGrad"),
                               types.count("Select") + types.count("SelectV2"))
  # Default: the lean graph (6 LeakyReluGrad, as counted above, no select);
  # lean_gradients=False: Edward's graph, op for op.
  assert counts[False][:2] == (True, 6) and counts[False][2] == 0
  assert counts[True][:2] == (False, 0) and counts[True][2] > 0


def test_the_default_gives_edwards_losses_to_float_rounding(plain_losses):
  losses = train_bigan(plain=False)
  np.testing.assert_allclose(losses, plain_losses, rtol=1e-5, atol=1e-6)
  # Not trivially: the losses move by far more than the tolerance.
  assert np.ptp(plain_losses[:, 1]) > 1e-3


@tf1.RegisterGradient("Issue18NoGradientMaximum")
def _no_gradient_maximum(op, grad):
  del grad
  return [tf.zeros_like(op.inputs[0]), tf.zeros_like(op.inputs[1])]


def test_a_users_gradient_override_stands_under_the_default():
  x_rows, _ = _rows()
  with fresh_graph(seed=3):
    x_ph = tf1.placeholder(tf.float32, [BATCH, PIXELS])
    graph = tf1.get_default_graph()
    with tf1.variable_scope("Gen"):
      hidden = tf1.layers.dense(tf.ones([BATCH, LATENT]), HIDDEN)
      # Edward's leaky ReLU, which the lean gradients would take over.
      with graph.gradient_override_map(
          {"Maximum": "Issue18NoGradientMaximum"}):
        leaky = tf.maximum(hidden, 0.2 * hidden)
      x_fake = tf1.layers.dense(leaky, PIXELS)
    inference = ed.GANInference({x_fake: x_ph}, _discriminator_of_x)
    inference.initialize(n_iter=1, n_print=0)
    session = ed.get_session()
    session.run(tf1.global_variables_initializer())
    first, second = [v for v in tf1.trainable_variables("Gen")
                     if "kernel" in v.name]
    before = session.run([first, second])
    inference.update({x_ph: x_rows[:BATCH]})
    after = session.run([first, second])
  # No gradient reaches the layer below the overridden maximum, so Adam
  # leaves it; the layer above trains.
  np.testing.assert_array_equal(after[0], before[0])
  assert not np.allclose(after[1], before[1])


def _discriminator_of_x(x):
  return tf1.layers.dense(tf1.layers.dense(x, HIDDEN, _leaky_relu), 1)


@pytest.mark.parametrize("variables", ["Gen", "Disc"])
def test_lean_one_sided_steps_give_the_plain_losses(variables):
  np.testing.assert_allclose(
      train_bigan(variables=variables, lean_gradients=True),
      train_bigan(variables=variables), rtol=1e-5, atol=1e-6)


def test_lean_gradients_run_fewer_ops():
  counts = {}
  for lean in (False, True):
    with fresh_graph(seed=7):
      x_ph, z_ph, xf, zf = _small_bigan_model()
      inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, _discriminator)
      inference.initialize(n_iter=1, n_print=0, lean_gradients=lean)
      session = ed.get_session()
      session.run(tf1.global_variables_initializer())
      x_rows, z_rows = _rows()
      types = _op_types(_ops_run(session, inference._fetches[None],
                                 {x_ph: x_rows[:BATCH], z_ph: z_rows[:BATCH]}))
      counts[lean] = {"ops": len(types),
                      "selects": types.count("SelectV2") +
                                 types.count("Select"),
                      "leaky": types.count("LeakyReluGrad")}
  # Four leaky ReLUs: the encoder's and generator's (one objective each)
  # and the discriminator's on each pair (both objectives): 6 gradients.
  assert counts[True]["leaky"] == 6 and counts[False]["leaky"] == 0
  assert counts[True]["selects"] == 0 < counts[False]["selects"]
  assert counts[True]["ops"] < 0.85 * counts[False]["ops"]


@pytest.mark.parametrize("kind", ["gan", "wgan"])
def test_lean_gradients_for_gan_and_wgan(kind):
  x_rows, _ = _rows()
  losses = {}
  for lean in (False, True):
    with fresh_graph(seed=5):
      x_ph = tf1.placeholder(tf.float32, [BATCH, PIXELS])
      noise = tf.constant(np.random.RandomState(2).randn(
          BATCH, LATENT).astype(np.float32))
      with tf1.variable_scope("Gen"):
        x_fake = tf1.layers.dense(tf1.layers.dense(noise, HIDDEN,
                                                   _leaky_relu), PIXELS)

      def critic(x):
        return tf1.layers.dense(tf1.layers.dense(x, HIDDEN, _leaky_relu), 1)

      if kind == "gan":
        inference = ed.GANInference({x_fake: x_ph}, critic)
        inference.initialize(n_iter=STEPS, n_print=0, lean_gradients=lean)
      else:
        inference = ed.WGANInference({x_fake: x_ph}, critic)
        inference.initialize(n_iter=STEPS, n_print=0, penalty=1.0,
                             lean_gradients=lean)
      ed.get_session().run(tf1.global_variables_initializer())
      types = {op.type for op in tf1.get_default_graph().get_operations()}
      # The lean gradient of the critic's and generator's leaky ReLUs.
      assert ("LeakyReluGrad" in types) == lean
      losses[lean] = [
          [inference.update({x_ph: batch})[key] for key in ("loss", "loss_d")]
          for batch in _batches(x_rows)]
  np.testing.assert_allclose(losses[True], losses[False], rtol=1e-5,
                             atol=1e-6)
  # Not trivially: the discriminator's loss moves by far more than that.
  assert np.ptp(np.array(losses[False])[:, 1]) > 1e-3


def _op_types(labels):
  """Op types of trace labels, which read "name = Type(inputs)"."""
  matches = (re.search(r"= (\w+)\(", label) for label in labels)
  return [match.group(1) for match in matches if match]


def _ops_run(session, fetches, feed_dict):
  metadata = tf1.RunMetadata()
  session.run(fetches, feed_dict,
              options=tf1.RunOptions(trace_level=tf1.RunOptions.FULL_TRACE),
              run_metadata=metadata)
  return [node.timeline_label for device in metadata.step_stats.dev_stats
          for node in device.node_stats]


def test_xla_really_compiles_the_step():
  with fresh_graph(seed=1):
    x_ph = tf1.placeholder(tf.float32, [4, 1])
    with tf1.variable_scope("Gen"):
      x_fake = tf1.Variable(2.0) * tf.ones([4, 1])
    inference = ed.GANInference(
        {x_fake: x_ph},
        lambda x: tf1.layers.dense(tf1.layers.dense(x, 8, tf.nn.relu), 1))
    inference.initialize(n_iter=3, n_print=0, xla=True)
    session = ed.get_session()
    session.run(tf1.global_variables_initializer())
    labels = _ops_run(session, inference._fetches[None],
                      {x_ph: np.ones((4, 1), np.float32)})
  assert any("_XlaRun" in label for label in labels)
  # Matmuls, Adam's updates and the losses all run inside the clusters.
  for kernel in ("MatMul", "ApplyAdam", "Log1p"):
    assert not any(kernel in label for label in labels), kernel


# A fresh process (this one has run graphs, and has TF_XLA_FLAGS from
# conftest): `before` runs first, then a small GAN asks for XLA and its
# step is traced; prints "compiled: <bool>" or the RuntimeError.
_XLA_IN_A_NEW_PROCESS = """
import sys
import numpy as np
import edward_lite as ed
from edward_lite._tf import tf, tf1

if sys.argv[1] == "graph_first":
  with tf1.Graph().as_default():
    tf1.Session().run(tf.constant(1.0) * 2.0)
x_ph = tf1.placeholder(tf.float32, [4, 1])
with tf1.variable_scope("Gen"):
  x_fake = tf1.Variable(2.0) * tf.ones([4, 1])
inference = ed.GANInference({x_fake: x_ph}, lambda x: tf1.layers.dense(x, 1))
try:
  inference.initialize(n_iter=3, n_print=0, xla=True)
except RuntimeError as error:
  print("RuntimeError:", error)
  sys.exit(0)
session = ed.get_session()
session.run(tf1.global_variables_initializer())
metadata = tf1.RunMetadata()
session.run(inference._fetches[None], {x_ph: np.ones((4, 1), np.float32)},
            options=tf1.RunOptions(trace_level=tf1.RunOptions.FULL_TRACE),
            run_metadata=metadata)
print("compiled:", any("_XlaRun" in node.timeline_label
                       for device in metadata.step_stats.dev_stats
                       for node in device.node_stats))
"""


def _xla_in_a_new_process(before, xla_flags=None):
  env = {key: value for key, value in os.environ.items()
         if key != "TF_XLA_FLAGS"}
  if xla_flags is not None:
    env["TF_XLA_FLAGS"] = xla_flags
  result = subprocess.run(
      [sys.executable, "-c", _XLA_IN_A_NEW_PROCESS, before],
      capture_output=True, text=True, timeout=600, env=env)
  assert result.returncode == 0, result.stderr[-3000:]
  return result.stdout.splitlines()[-1]


def test_xla_true_switches_cpu_autoclustering_on_by_itself():
  # Nothing ran before initialize(xla=True): it needs no set-up at all.
  assert _xla_in_a_new_process("nothing") == "compiled: True"


def test_xla_true_after_a_graph_ran_says_what_to_do():
  assert _xla_in_a_new_process("graph_first") == (
      "RuntimeError: xla=True, but XLA does not compile on the CPU in this "
      "process: TensorFlow reads its CPU auto-clustering flag once, when "
      "the process first runs a graph, and a graph ran before xla=True "
      "could switch it on. Call initialize(xla=True) before running any "
      "session, or start Python with TF_XLA_FLAGS=--tf_xla_cpu_global_jit.")


def test_xla_flags_in_the_environment_let_xla_follow_other_graphs():
  assert _xla_in_a_new_process(
      "graph_first", xla_flags="--tf_xla_cpu_global_jit") == "compiled: True"


def small_gan(x_rows, bind="placeholder"):
  """(inference, x_ph): G's output 0.5 * ones, a one-unit linear D.

  `bind` says where the dataset of `x_rows` goes: "placeholder" binds it
  to x_ph (the data key's value), "key" puts it in x_ph's place as the
  generated tensor's value, "none" leaves x_ph to be fed.
  """
  x_ph = tf1.placeholder(tf.float32, [BATCH, PIXELS])
  with tf1.variable_scope("Gen"):
    x_fake = tf1.Variable(0.5) * tf.ones([BATCH, PIXELS])
  if bind == "none":
    data = {x_fake: x_ph}
  elif bind == "key":
    data = {x_fake: dataset_from_arrays(x_rows, BATCH)}
  else:
    data = {x_fake: x_ph, x_ph: dataset_from_arrays(x_rows, BATCH)}
  return ed.GANInference(data, lambda x: tf1.layers.dense(x, 1)), x_ph


def test_a_placeholder_bound_to_a_dataset_is_not_fed():
  x_rows, _ = _rows()
  with test_util.fresh_session(seed=1):
    inference, x_ph = small_gan(x_rows)
    inference.initialize(n_iter=3, n_print=0)
    tf1.global_variables_initializer().run()
    message = ("{} is bound to a tf.data.Dataset in data, which feeds it at "
               "every update; do not also feed it in feed_dict.".format(
                   x_ph.name))
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
      inference.update({x_ph: x_rows[:BATCH]})


def test_dataset_bound_to_the_data_key_matches_feeding_the_data():
  """GAN's {x_fake: dataset}: the iterator's output is the observed data."""
  x_rows, _ = _rows()
  losses = {}
  for mode in ("feed", "dataset"):
    with test_util.fresh_session(seed=3):
      inference, x_ph = small_gan(x_rows,
                                  "none" if mode == "feed" else "key")
      inference.initialize(n_iter=STEPS, n_print=0)
      tf1.global_variables_initializer().run()
      losses[mode] = [
          inference.update({x_ph: batch} if mode == "feed" else None)["loss_d"]
          for batch in _batches(x_rows)]
  np.testing.assert_allclose(losses["dataset"], losses["feed"], **ULPS)


def test_dataset_updates_are_one_call_each_with_summaries(monkeypatch,
                                                          tmp_path):
  x_rows, _ = _rows()
  with test_util.fresh_session(seed=1) as sess:
    inference, x_ph = small_gan(x_rows)
    inference.initialize(n_iter=10, n_print=5, logdir=str(tmp_path),
                         log_timestamp=False)
    tf1.global_variables_initializer().run()
    counter = test_util.CountingSession(sess)
    monkeypatch.setattr("edward_lite.inferences.inference.get_session",
                        lambda: counter)
    for _ in range(10):
      inference.update()
    inference.finalize()
    assert (counter.runs, counter.calls) == (0, 10)
    # Two callables: with the summary (steps 1, 5, 10) and without.
    assert counter.made == 2
    assert sess.run(inference.t) == 10
  steps = _summary_steps(tmp_path)
  assert steps == [1, 5, 10]


def _summary_steps(logdir):
  """The steps at which the event files hold the scalar summary 'loss'."""
  steps = []
  for path in sorted(logdir.iterdir()):
    for event in tf1.train.summary_iterator(str(path)):
      if any(value.tag == "loss" for value in event.summary.value):
        steps.append(event.step)
  return steps


def test_session_options_replace_edwards_session_keeping_values():
  with fresh_graph(seed=1):
    x_ph = tf1.placeholder(tf.float32, [4, 1])
    with tf1.variable_scope("Gen"):
      weight = tf1.Variable(2.0)
      x_fake = weight * tf.ones([4, 1])
    observed = np.full((4, 1), 3.0, np.float32)
    inference = ed.GANInference({x_fake: observed},
                                lambda x: tf1.layers.dense(x, 1))
    old = ed.get_session()
    old.run(weight.assign(5.0))
    inference.initialize(n_iter=3, n_print=0, inter_op_parallelism_threads=1)
    new = ed.get_session()
    assert new is not old and old._closed
    assert tf1.get_default_session() is new
    assert new._config.inter_op_parallelism_threads == 1
    assert new.run(weight) == 5.0  # Carried over.
    np.testing.assert_array_equal(new.run(inference.data[x_fake]), observed)
    # The same options again keep the session.
    inference.initialize(n_iter=3, n_print=0, inter_op_parallelism_threads=1)
    assert ed.get_session() is new
    del x_ph


def test_session_options_in_the_users_own_session():
  with test_util.fresh_session(seed=1):
    x_ph = tf1.placeholder(tf.float32, [4, 1])
    with tf1.variable_scope("Gen"):
      x_fake = tf1.Variable(2.0) * tf.ones([4, 1])
    inference = ed.GANInference({x_fake: x_ph},
                                lambda x: tf1.layers.dense(x, 1))
    with pytest.raises(ValueError, match="the session in use is your own"):
      inference.initialize(n_iter=3, n_print=0, xla=True)
  config = ed.inferences.fast_session_config(inter_op_parallelism_threads=1)
  with test_util.fresh_session(seed=1, config=config) as sess:
    x_ph = tf1.placeholder(tf.float32, [4, 1])
    with tf1.variable_scope("Gen"):
      x_fake = tf1.Variable(2.0) * tf.ones([4, 1])
    inference = ed.GANInference({x_fake: x_ph},
                                lambda x: tf1.layers.dense(x, 1))
    inference.initialize(n_iter=3, n_print=0, inter_op_parallelism_threads=1)
    assert graphs.get_session() is sess


@pytest.mark.parametrize("options, error, message", [
    (dict(xla=1), TypeError, "xla must be a bool; got int."),
    (dict(intra_op_parallelism_threads=1.0), TypeError,
     "intra_op_parallelism_threads must be an int or None; got float."),
    (dict(inter_op_parallelism_threads=-1), ValueError,
     "inter_op_parallelism_threads must be non-negative (0 lets TensorFlow "
     "choose); got -1."),
    (dict(rewrite_options=[("remapping", False)]), TypeError,
     "rewrite_options must be a dict or None; got list."),
    (dict(rewrite_options={"remaping": False}), ValueError,
     "rewrite_options: unknown grappler switch 'remaping' (expected one of "),
    (dict(rewrite_options={"remapping": "off"}), ValueError,
     "rewrite_options['remapping'] must be True, False, 'ON', 'OFF', "
     "'DEFAULT' or 'AGGRESSIVE'; got 'off'."),
    (dict(prefetch="2"), TypeError, "prefetch must be an int or None; got "
     "str."),
    (dict(prefetch=-2), ValueError,
     "prefetch must be non-negative or tf.data.AUTOTUNE; got -2."),
    (dict(lean_gradients="yes"), TypeError,
     "lean_gradients must be a bool; got str."),
], ids=["xla", "intra", "inter", "rewrite_type", "rewrite_name",
        "rewrite_value", "prefetch_type", "prefetch_value", "lean"])
def test_bad_options_are_refused_before_building(sess, options, error,
                                                 message):
  x_ph = tf1.placeholder(tf.float32, [4, 1])
  with tf1.variable_scope("Gen"):
    x_fake = tf1.Variable(2.0) * tf.ones([4, 1])
  inference = ed.GANInference({x_fake: x_ph},
                                lambda x: tf1.layers.dense(x, 1))
  variables = tf1.global_variables()
  with pytest.raises(error, match="^" + re.escape(message)):
    inference.initialize(n_iter=3, **options)
  assert tf1.global_variables() == variables


def test_fast_session_config_defaults_to_none():
  assert ed.inferences.fast_session_config() is None
  config = ed.inferences.fast_session_config(xla=True)
  assert (config.graph_options.optimizer_options.global_jit_level ==
          tf1.OptimizerOptions.ON_1)


def test_run_reads_one_batch_per_step_from_a_dataset():
  x_rows, _ = _rows()
  with fresh_graph(seed=1):
    inference, x_ph = small_gan(x_rows)
    inference.run(n_iter=3, n_print=0, debug=True)
    session = ed.get_session()
    assert session.run(inference.t) == 3
    # Three updates took batches 0, 1 and 2; the iterator is at batch 3.
    next_batch = session.run(inference._dataset_inputs[x_ph].next_element)
  np.testing.assert_array_equal(next_batch, x_rows[3 * BATCH:4 * BATCH])
