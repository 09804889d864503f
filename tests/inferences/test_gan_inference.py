"""GANInference: Edward's losses, updates, scopes, errors and summaries."""

import glob
import os
import re

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.models import Normal
from tests.inferences.linear_models import (
    A_G, B_D, C_G, W_D, linear_discriminator, np_sigmoid, np_softplus,
    numeric_gradient)

N = 6
RNG = np.random.RandomState(0)
X_DATA = RNG.randn(N, 1).astype(np.float32) + 2.0
Z_DATA = RNG.randn(N, 1).astype(np.float32)


def build_linear_gan():
  """x_fake = a z + c under "Gen"; the discriminator is linear."""
  x_ph = tf1.placeholder(tf.float32, [N, 1])
  z_ph = tf1.placeholder(tf.float32, [N, 1])
  with tf1.variable_scope("Gen"):
    a = tf1.get_variable("a", initializer=tf.constant(A_G))
    c = tf1.get_variable("c", initializer=tf.constant(C_G))
    x_fake = a * z_ph + c
  inference = ed.GANInference({x_fake: x_ph}, linear_discriminator)
  return inference, x_ph, z_ph, a, c


def numpy_gan(a, c, w, b, x, z):
  """Edward's GAN losses and their gradients, by hand in float64."""
  x, z = x.astype(np.float64), z.astype(np.float64)
  x_fake = a * z + c
  d_true, d_fake = x * w + b, x_fake * w + b
  loss = np.mean(np_softplus(-d_fake))
  loss_d = np.mean(np_softplus(-d_true) + np_softplus(d_fake))
  # d loss / d d_fake = -sigmoid(-d_fake) / n, and so on through the chain.
  g_fake = -np_sigmoid(-d_fake) / len(x)
  grad_a, grad_c = np.sum(g_fake * w * z), np.sum(g_fake * w)
  g_true_d, g_fake_d = -np_sigmoid(-d_true) / len(x), np_sigmoid(d_fake) / len(x)
  grad_w = np.sum(g_true_d * x + g_fake_d * x_fake)
  grad_b = np.sum(g_true_d + g_fake_d)
  return loss, loss_d, (grad_a, grad_c), (grad_w, grad_b)


def disc_variables():
  return {v.name: v for v in tf1.trainable_variables() if "Disc/" in v.name}


def test_losses_equal_edwards_formula(sess):
  inference, x_ph, z_ph, _, _ = build_linear_gan()
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  loss, loss_d, _, _ = numpy_gan(A_G, C_G, W_D[0, 0], B_D[0], X_DATA, Z_DATA)
  assert info["t"] == 1
  np.testing.assert_allclose(info["loss"], loss, rtol=1e-5)
  np.testing.assert_allclose(info["loss_d"], loss_d, rtol=1e-5)


def test_one_update_is_a_hand_computed_sgd_step(sess):
  inference, x_ph, z_ph, a, c = build_linear_gan()
  lr = 0.5
  inference.initialize(optimizer=tf1.train.GradientDescentOptimizer(lr),
                       optimizer_d=tf1.train.GradientDescentOptimizer(lr),
                       n_print=0)
  tf1.global_variables_initializer().run()
  inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  _, _, (grad_a, grad_c), (grad_w, grad_b) = numpy_gan(
      A_G, C_G, W_D[0, 0], B_D[0], X_DATA, Z_DATA)
  w, b = sess.run([disc_variables()["Disc/w:0"], disc_variables()["Disc/b:0"]])
  np.testing.assert_allclose(sess.run(a), A_G - lr * grad_a, rtol=1e-5)
  np.testing.assert_allclose(sess.run(c), C_G - lr * grad_c, rtol=1e-5)
  np.testing.assert_allclose(w[0, 0], W_D[0, 0] - lr * grad_w, rtol=1e-5)
  np.testing.assert_allclose(b[0], B_D[0] - lr * grad_b, rtol=1e-5)


@pytest.mark.parametrize("variables", ["Gen", "Disc"])
def test_update_of_one_side_leaves_the_other_alone(sess, variables):
  inference, x_ph, z_ph, a, c = build_linear_gan()
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  gen_vars, d_vars = [a, c], list(disc_variables().values())
  before_gen, before_d = sess.run(gen_vars), sess.run(d_vars)
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA}, variables=variables)
  after_gen, after_d = sess.run(gen_vars), sess.run(d_vars)
  changed, unchanged = ((after_gen, before_gen), (after_d, before_d))
  if variables == "Disc":
    changed, unchanged = unchanged, changed
  assert all(np.array_equal(x, y) for x, y in zip(*unchanged))
  assert not all(np.array_equal(x, y) for x, y in zip(*changed))
  # The side not updated reports 0.0, as in Edward.
  assert info["loss_d" if variables == "Gen" else "loss"] == 0.0


def test_t_counts_every_call_and_reset_zeroes_it(sess):
  inference, x_ph, z_ph, _, _ = build_linear_gan()
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  feed = {x_ph: X_DATA, z_ph: Z_DATA}
  ts = [inference.update(feed, v)["t"] for v in (None, "Gen", "Disc", "Disc")]
  assert ts == [1, 2, 3, 4]
  sess.run(inference.reset)
  assert sess.run(inference.t) == 0
  assert inference.update(feed)["t"] == 1


@pytest.mark.parametrize("variables", ["gen", "Both", 1, ["Gen"]])
def test_unknown_variables_is_not_implemented(sess, variables):
  inference, x_ph, z_ph, _, _ = build_linear_gan()
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  with pytest.raises(NotImplementedError,
                     match=re.escape("variables must be None, 'Gen', or "
                                     "'Disc'.")):
    inference.update({x_ph: X_DATA, z_ph: Z_DATA}, variables=variables)


def test_discriminator_variables_live_under_disc_and_are_reused(sess):
  inference, _, _, _, _ = build_linear_gan()
  inference.initialize(n_print=0)
  names = sorted(v.name for v in tf1.trainable_variables())
  assert names == ["Disc/b:0", "Disc/w:0", "Gen/a:0", "Gen/c:0"]
  assert sorted(v.name for _, v in inference.grads_and_vars_d) == [
      "Disc/b:0", "Disc/w:0"]


def test_disc_scope_names_each_inferences_own_scope(sess):
  first, _, _, _, _ = build_linear_gan()
  assert first.disc_scope is None  # nothing built yet
  first.initialize(n_print=0)
  with tf1.variable_scope("outer"):
    second, _, _, _, _ = build_linear_gan()
    second.initialize(n_print=0)
  # Another model in the first one's scope: its discriminator gets the
  # next free name.
  with tf1.variable_scope("Gen"):
    x_fake = tf1.get_variable("a_3", initializer=A_G) * tf.ones([N, 1])
  third = ed.GANInference({x_fake: X_DATA}, linear_discriminator)
  third.initialize(n_print=0)
  assert [first.disc_scope, second.disc_scope, third.disc_scope] == [
      "Disc", "outer/Disc", "Disc_1"]
  assert sorted(v.name for _, v in third.grads_and_vars_d) == [
      "Disc_1/b:0", "Disc_1/w:0"]
  # The private name it replaces in the docs still works.
  assert third._disc_scope == "Disc_1/"  # pylint: disable=protected-access
  with pytest.raises(AttributeError):
    third.disc_scope = "Disc"


def test_default_var_list_is_the_generators_variables(sess):
  inference, _, _, _, _ = build_linear_gan()
  with tf1.variable_scope("unrelated"):
    tf1.get_variable("v", initializer=1.0)  # trainable, not in the model
  inference.initialize(n_print=0)
  trained = sorted(v.name for _, v in inference.grads_and_vars)
  assert trained == ["Gen/a:0", "Gen/c:0"]


def test_feed_dict_given_by_the_user_is_not_modified(sess):
  x_ph = tf1.placeholder(tf.float32, [N, 1])
  bound_ph = tf1.placeholder(tf.float32, [N, 1])
  with tf1.variable_scope("Gen"):
    x_fake = tf1.get_variable("a", initializer=1.0) * bound_ph
  # A placeholder key in data is fed its value by every update.
  inference = ed.GANInference({x_fake: x_ph, bound_ph: Z_DATA},
                              linear_discriminator)
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  feed = {x_ph: X_DATA}
  inference.update(feed)
  assert list(feed) == [x_ph]


def test_numpy_data_is_bound_as_a_graph_variable(sess):
  with tf1.variable_scope("Gen"):
    x_fake = tf1.get_variable("a", initializer=1.0) * tf.constant(Z_DATA)
  inference = ed.GANInference({x_fake: X_DATA}, linear_discriminator)
  bound = inference.data[x_fake]
  assert isinstance(bound, tf.Variable)
  np.testing.assert_array_equal(sess.run(bound), X_DATA)
  # Not a constant in the graph definition: only fed through a placeholder.
  consts = [tf1.make_ndarray(op.get_attr("value"))
            for op in sess.graph.get_operations() if op.type == "Const"]
  assert not any(c.shape == X_DATA.shape and np.array_equal(c, X_DATA)
                 for c in consts)


def test_print_progress_shows_gen_and_disc_loss(sess, capsys):
  inference, x_ph, z_ph, _, _ = build_linear_gan()
  inference.initialize(n_iter=4, n_print=2)
  tf1.global_variables_initializer().run()
  for _ in range(4):
    info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
    inference.print_progress(info)
  out = capsys.readouterr().out
  assert "4/4 [100%]" in out
  assert "| Gen Loss: {:0.3f}".format(info["loss"]) in out
  assert "| Disc Loss: {:0.3f}".format(info["loss_d"]) in out


def test_n_print_defaults_to_a_hundredth_of_n_iter(sess):
  inference, _, _, _, _ = build_linear_gan()
  inference.initialize(n_iter=450)
  assert inference.n_print == 4
  assert inference.progbar.target == 450


def test_regularizers_go_to_their_own_objective(sess):
  x_ph = tf1.placeholder(tf.float32, [N, 1])
  with tf1.variable_scope("Gen"):
    a = tf1.get_variable("a", initializer=A_G,
                         regularizer=lambda v: 0.5 * tf.square(v))
    x_fake = a * tf.constant(Z_DATA)

  def regularized_discriminator(x):
    weight = tf1.get_variable("w", initializer=tf.constant(W_D),
                              regularizer=lambda v: 3.0 * tf.reduce_sum(v))
    return tf.matmul(tf.convert_to_tensor(x), weight)

  inference = ed.GANInference({x_fake: x_ph}, regularized_discriminator)
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA})
  w = W_D[0, 0]
  d_true = X_DATA.astype(np.float64) * w
  d_fake = A_G * Z_DATA.astype(np.float64) * w
  loss = np.mean(np_softplus(-d_fake)) + 0.5 * A_G ** 2
  loss_d = np.mean(np_softplus(-d_true) + np_softplus(d_fake)) + 3.0 * w
  np.testing.assert_allclose(info["loss"], loss, rtol=1e-5)
  np.testing.assert_allclose(info["loss_d"], loss_d, rtol=1e-5)


def test_normal_random_variable_as_generator(sess):
  x_ph = tf1.placeholder(tf.float32, [N, 1])
  with tf1.variable_scope("Gen"):
    theta = tf1.Variable(0.0)
    x = Normal(theta, 0.1, sample_shape=[N, 1])
  inference = ed.GANInference(data={x: x_ph},
                              discriminator=linear_discriminator)
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA}, variables="Gen")
  assert [v.name for _, v in inference.grads_and_vars] == [theta.name]
  assert np.isfinite(info["loss"])
  assert sess.run(theta) != 0.0


# Errors ---------------------------------------------------------------------


def test_discriminator_must_be_callable(sess):
  x_ph = tf1.placeholder(tf.float32, [N, 1])
  with pytest.raises(TypeError,
                     match=re.escape("discriminator must be a callable "
                                     "function.")):
    ed.GANInference({x_ph * 2.0: x_ph}, "not a function")


def test_data_must_be_a_dict(sess):
  with pytest.raises(TypeError, match=re.escape("data must have type dict.")):
    ed.GANInference([1, 2], linear_discriminator)


@pytest.mark.parametrize("pairs", [0, 2])
def test_data_must_hold_one_pair(sess, pairs):
  data = {tf.zeros([N, 1]) + i: X_DATA for i in range(pairs)}
  ops_before = len(sess.graph.get_operations())
  with pytest.raises(ValueError, match=re.escape(
      "data must hold exactly one key-value pair for adversarial inference "
      "(placeholder feeds aside); got {}.".format(pairs))):
    ed.GANInference(data, linear_discriminator)
  assert len(sess.graph.get_operations()) == ops_before


@pytest.mark.parametrize("kwargs,error,message", [
    ({"optimizer": "adamx"}, ValueError, "Optimizer class not found: adamx"),
    ({"optimizer_d": 3}, TypeError,
     "Optimizer must be str, tf.train.Optimizer, or None."),
    ({"global_step": 0}, TypeError,
     "global_step must be a tf.Variable or None; got int."),
    ({"var_list": "Gen"}, TypeError,
     "var_list must be a list of tf.Variable or None."),
    ({"n_iter": "10"}, TypeError, "n_iter must be an int; got str."),
    ({"n_iter": -1}, ValueError, "n_iter must be non-negative; got -1."),
    ({"n_print": 2.5}, TypeError, "n_print must be an int; got float."),
    ({"scale": [1.0]}, TypeError, "scale must be a dict object."),
])
def test_bad_initialize_arguments_leave_the_graph_as_it_was(
    sess, kwargs, error, message):
  inference, _, _, _, _ = build_linear_gan()
  ops_before = len(sess.graph.get_operations())
  with pytest.raises(error, match=re.escape(message)):
    inference.initialize(**kwargs)
  assert len(sess.graph.get_operations()) == ops_before


# Logging, debugging, graph growth --------------------------------------------


def read_events(logdir):
  files = glob.glob(os.path.join(logdir, "*", "events.out.tfevents.*"))
  assert len(files) == 1, files
  by_step = {}
  for event in tf1.train.summary_iterator(files[0]):
    for value in event.summary.value:
      by_step.setdefault(event.step, {})[value.tag] = value
  return os.path.dirname(files[0]), by_step


def test_logdir_writes_edwards_summaries_at_the_printed_steps(sess, tmp_path):
  inference, x_ph, z_ph, _, _ = build_linear_gan()
  inference.initialize(n_iter=6, n_print=3, logdir=str(tmp_path))
  tf1.global_variables_initializer().run()
  infos = [inference.update({x_ph: X_DATA, z_ph: Z_DATA}) for _ in range(6)]
  inference.finalize()
  subdir, by_step = read_events(str(tmp_path))
  assert re.fullmatch(r"\d{8}_\d{6}", os.path.basename(subdir))
  assert sorted(by_step) == [1, 3, 6]
  for step in (1, 3, 6):
    tags = by_step[step]
    assert {"loss", "loss/discriminative", "discriminator_outputs",
            "parameter/Gen/a/0", "parameter/Gen/c/0"} <= set(tags)
    # The summary is of the same step that update returned.
    info = infos[step - 1]
    assert tags["loss"].simple_value == pytest.approx(info["loss"], rel=1e-6)
    assert tags["loss/discriminative"].simple_value == pytest.approx(
        info["loss_d"], rel=1e-6)


def test_log_timestamp_false_writes_into_logdir_itself(sess, tmp_path):
  inference, x_ph, z_ph, _, _ = build_linear_gan()
  inference.initialize(n_iter=2, n_print=1, logdir=str(tmp_path),
                       log_timestamp=False, log_vars=[])
  tf1.global_variables_initializer().run()
  inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  inference.finalize()
  files = glob.glob(os.path.join(str(tmp_path), "events.out.tfevents.*"))
  assert len(files) == 1
  tags = set()
  for event in tf1.train.summary_iterator(files[0]):
    tags.update(value.tag for value in event.summary.value)
  assert not any(tag.startswith("parameter/") for tag in tags)
  assert "loss" in tags


def test_debug_raises_on_nan_naming_the_tensor(sess):
  inference, x_ph, z_ph, _, _ = build_linear_gan()
  inference.initialize(n_print=0, debug=True)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  assert np.isfinite(info["loss"])
  bad = X_DATA.copy()
  bad[2, 0] = np.nan
  with pytest.raises(tf.errors.InvalidArgumentError,
                     match="Found NaN or Inf in Placeholder"):
    inference.update({x_ph: bad, z_ph: Z_DATA})


def test_update_builds_no_ops_and_runs_on_a_finalized_graph(sess, tmp_path):
  inference, x_ph, z_ph, _, _ = build_linear_gan()
  inference.initialize(n_iter=100, n_print=10, logdir=str(tmp_path),
                       debug=True)
  tf1.global_variables_initializer().run()
  ops_before = len(sess.graph.get_operations())
  sess.graph.finalize()
  for variables in [None, "Gen", "Disc"] * 34:
    inference.update({x_ph: X_DATA, z_ph: Z_DATA}, variables)
  inference.finalize()
  assert len(sess.graph.get_operations()) == ops_before


def test_run_initializes_and_loops_n_iter_times(sess, capsys):
  x_data = np.full((N, 1), 3.0, np.float32)
  with tf1.variable_scope("Gen"):
    a = tf1.get_variable("a", initializer=A_G)
    x_fake = a * tf.constant(Z_DATA)
  inference = ed.GANInference({x_fake: x_data}, linear_discriminator)
  inference.run(n_iter=7, n_print=7)
  assert sess.run(inference.t) == 7
  assert "7/7 [100%]" in capsys.readouterr().out


# Edward 1.3.5's scope rule (issue 19, point 1) ---------------------------------

ACTIVITY_WEIGHT = 0.25


def activity_regularized_discriminator(x):
  """The linear discriminator, adding a regularizer at each of its calls.

  Its second call runs under the name scope "Disc_1" (the reused "Disc"),
  so that call's regularizer is named "Disc_1/activity:0".
  """
  logits = linear_discriminator(x)
  tf1.add_to_collection(
      tf1.GraphKeys.REGULARIZATION_LOSSES,
      tf.multiply(ACTIVITY_WEIGHT, tf.reduce_mean(tf.square(logits)),
                  name="activity"))
  return logits


@pytest.mark.parametrize("cls", ["GANInference", "WGANInference"])
def test_a_regularizer_of_the_discriminators_second_call_is_its_own(
    sess, cls):
  # Edward's tf.losses.get_regularization_losses(scope="Disc") matches
  # "Disc_1/..." too: both calls' regularizers go to the discriminator's
  # objective, none to the generator's.
  x_ph = tf1.placeholder(tf.float32, [N, 1])
  with tf1.variable_scope("Gen"):
    a = tf1.get_variable("a", initializer=A_G)
    x_fake = a * tf.constant(Z_DATA)
  inference = getattr(ed, cls)({x_fake: x_ph},
                               activity_regularized_discriminator)
  kwargs = {"penalty": None} if cls == "WGANInference" else {}
  inference.initialize(n_print=0, **kwargs)
  names = sorted(r.name for r in tf1.get_collection(
      tf1.GraphKeys.REGULARIZATION_LOSSES))
  assert names == ["Disc/activity:0", "Disc_1/activity:0"]
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA})
  w, b = np.float64(W_D[0, 0]), np.float64(B_D[0])
  d_true = X_DATA.astype(np.float64) * w + b
  d_fake = A_G * Z_DATA.astype(np.float64) * w + b
  activity = ACTIVITY_WEIGHT * (np.mean(d_true ** 2) + np.mean(d_fake ** 2))
  if cls == "GANInference":
    loss = np.mean(np_softplus(-d_fake))
    loss_d = np.mean(np_softplus(-d_true) + np_softplus(d_fake))
  else:
    loss, loss_d = -np.mean(d_fake), np.mean(d_fake) - np.mean(d_true)
  np.testing.assert_allclose(info["loss"], loss, rtol=1e-5)
  np.testing.assert_allclose(info["loss_d"], loss_d + activity, rtol=1e-5)


def test_disc_variables_are_selected_by_tensorflows_scope_rule(sess):
  # Edward's tf.get_collection(TRAINABLE_VARIABLES, scope="Disc") takes
  # "Discriminator/..." for the discriminator's, and so does edward_lite.
  x_ph = tf1.placeholder(tf.float32, [N, 1])
  with tf1.variable_scope("Discriminator"):
    shift = tf1.get_variable("shift", initializer=0.0)
  with tf1.variable_scope("Gen"):
    a = tf1.get_variable("a", initializer=A_G)
    x_fake = a * tf.constant(Z_DATA) + shift
  inference = ed.GANInference(
      {x_fake: x_ph}, lambda x: linear_discriminator(x) + shift)
  inference.initialize(n_print=0)
  assert sorted(v.name for _, v in inference.grads_and_vars_d) == [
      "Disc/b:0", "Disc/w:0", "Discriminator/shift:0"]
  assert [v.name for _, v in inference.grads_and_vars] == ["Gen/a:0"]


# Edward's dict checks come first (issue 19, point 2) ---------------------------

FEED_TENSOR_ERROR = (
    "The value of a feed cannot be a tf.Tensor object. Acceptable feed "
    "values include Python scalars, strings, lists, numpy ndarrays, or "
    "TensorHandles.")


@pytest.mark.parametrize("cls", ["GANInference", "WGANInference",
                                 "BiGANInference"])
def test_a_placeholder_bound_to_a_tensor_gets_edwards_type_error(sess, cls):
  # Edward's check_data refused it before anything counted the pairs.
  x_ph = tf1.placeholder(tf.float32, [N, 1])
  data = {x_ph: tf.constant(X_DATA)}
  args = ({}, data) if cls == "BiGANInference" else (data,)
  with pytest.raises(TypeError) as raised:
    getattr(ed, cls)(*args, linear_discriminator)
  assert str(raised.value) == FEED_TENSOR_ERROR


def test_bigan_latent_vars_get_edwards_checks_before_the_count(sess):
  x_ph = tf1.placeholder(tf.float32, [N, 1])
  with pytest.raises(TypeError) as raised:
    ed.BiGANInference({x_ph: "z"}, {tf.constant(X_DATA): x_ph},
                      linear_discriminator)
  assert str(raised.value) == (
      "Latent variable value has an invalid type: <class 'str'>")


# Inputs Edward accepted (issue 19, point 6) -----------------------------------


def test_a_float_global_step_decays_the_rate_and_counts(sess):
  # Edward's exponential_decay and apply_gradients take a float counter.
  inference, x_ph, z_ph, a, c = build_linear_gan()
  step = tf1.Variable(0.0, trainable=False, name="float_step")
  inference.initialize(optimizer="gradientdescent", global_step=step,
                       n_print=0)
  tf1.global_variables_initializer().run()
  inference.update({x_ph: X_DATA, z_ph: Z_DATA}, variables="Gen")
  _, _, (grad_a, grad_c), _ = numpy_gan(A_G, C_G, W_D[0, 0], B_D[0], X_DATA,
                                        Z_DATA)
  # The rate at step 0 of Edward's schedule: 0.1 * 0.9 ** floor(0 / 100).
  np.testing.assert_allclose(sess.run([a, c]),
                             [A_G - 0.1 * grad_a, C_G - 0.1 * grad_c],
                             rtol=1e-5)
  assert sess.run(step) == 1.0


@pytest.mark.parametrize("cls", ["GANInference", "WGANInference"])
def test_a_scalar_discriminator_output_is_taken_as_edward_took_it(
    sess, cls, tmp_path):
  # One logit for the whole batch: Edward's losses average it as it is.
  inference, x_ph, z_ph, _, _ = build_linear_gan()
  inference = getattr(ed, cls)(
      inference.data, lambda x: tf.reduce_mean(linear_discriminator(x)))
  kwargs = {"penalty": None} if cls == "WGANInference" else {}
  inference.initialize(n_print=1, logdir=str(tmp_path), **kwargs)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  w, b = np.float64(W_D[0, 0]), np.float64(B_D[0])
  d_true = np.mean(X_DATA.astype(np.float64) * w + b)
  d_fake = np.mean((A_G * Z_DATA.astype(np.float64) + C_G) * w + b)
  if cls == "GANInference":
    loss, loss_d = np_softplus(-d_fake), np_softplus(-d_true) + np_softplus(
        d_fake)
  else:
    loss, loss_d = -d_fake, d_fake - d_true
  np.testing.assert_allclose([info["loss"], info["loss_d"]], [loss, loss_d],
                             rtol=1e-5)


def test_real_and_fake_outputs_of_different_shapes_are_taken(sess, tmp_path):
  # Edward averaged each output on its own: (N, 1) and (N,) are both fine,
  # and the histogram of both (flattened) is still written.
  inference, x_ph, z_ph, _, _ = build_linear_gan()
  calls = []

  def discriminator(x):
    calls.append(x)
    logits = linear_discriminator(x)
    return logits if len(calls) == 1 else tf.squeeze(logits, 1)
  inference = ed.GANInference(inference.data, discriminator)
  inference.initialize(n_print=1, logdir=str(tmp_path))
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  loss, loss_d, _, _ = numpy_gan(A_G, C_G, W_D[0, 0], B_D[0], X_DATA, Z_DATA)
  np.testing.assert_allclose([info["loss"], info["loss_d"]], [loss, loss_d],
                             rtol=1e-5)


# Discriminator outputs of every shape Edward 1.3.5 trained with: one
# logit per example as [N] or [N, 1], and K per example, [N, K] (a Keras
# head ending in Dense(K)).
LOGIT_SHAPES = ["N", "N,1", "N,K"]
W_D_WIDE = np.array([[0.7, -0.4, 0.2]], np.float32)
B_D_WIDE = np.array([-0.2, 0.1, 0.3], np.float32)
WGAN_PENALTY = 10.0


def shaped_discriminator(shape):
  """A linear discriminator whose output has `shape`, and its weights."""
  w, b = (W_D_WIDE, B_D_WIDE) if shape == "N,K" else (W_D, B_D)

  def discriminator(x):
    logits = linear_discriminator(x, w, b)
    return tf.squeeze(logits, 1) if shape == "N" else logits
  return discriminator, w, b


def numpy_shaped_losses(cls, shape, a, c, w, b):
  """(loss, loss_d) as Edward 1.3.5 computed them, in float64.

  GAN: means over every element of the sigmoid cross-entropies. WGAN:
  mean(d_fake) - mean(d_true) and -mean(d_fake), plus the gradient
  penalty, which for this critic (linear in a scalar x) has one slope
  everywhere, |sum_k w_k|: Edward differentiated the sum of the outputs.
  """
  x = X_DATA.astype(np.float64)
  x_fake = a * Z_DATA.astype(np.float64) + c
  d_true, d_fake = x @ w + b, x_fake @ w + b
  if shape == "N":
    d_true, d_fake = d_true[:, 0], d_fake[:, 0]
  if cls == "GANInference":
    return (np.mean(np_softplus(-d_fake)),
            np.mean(np_softplus(-d_true) + np_softplus(d_fake)))
  penalty = WGAN_PENALTY * (abs(np.sum(w)) - 1.0) ** 2
  return -np.mean(d_fake), np.mean(d_fake) - np.mean(d_true) + penalty


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "edward"])
@pytest.mark.parametrize("shape", LOGIT_SHAPES)
@pytest.mark.parametrize("cls", ["GANInference", "WGANInference"])
def test_logits_of_every_shape_edward_took_train_with_its_losses(
    sess, cls, shape, lean):
  base, x_ph, z_ph, a, c = build_linear_gan()
  discriminator, w, b = shaped_discriminator(shape)
  inference = getattr(ed, cls)(base.data, discriminator)
  lr = 0.5
  kwargs = {"penalty": WGAN_PENALTY} if cls == "WGANInference" else {}
  inference.initialize(optimizer=tf1.train.GradientDescentOptimizer(lr),
                       optimizer_d=tf1.train.GradientDescentOptimizer(lr),
                       lean_gradients=lean, n_print=0, **kwargs)
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  params = [A_G, C_G, w, b]
  np.testing.assert_allclose(
      [info["loss"], info["loss_d"]],
      numpy_shaped_losses(cls, shape, *params), rtol=1e-5)
  # One gradient step on each objective, from the same weights.
  gen_loss = lambda *p: numpy_shaped_losses(cls, shape, *p)[0]
  disc_loss = lambda *p: numpy_shaped_losses(cls, shape, *p)[1]
  disc = disc_variables()
  np.testing.assert_allclose(
      sess.run([a, c]),
      [A_G - lr * numeric_gradient(gen_loss, params, 0),
       C_G - lr * numeric_gradient(gen_loss, params, 1)], atol=1e-5)
  np.testing.assert_allclose(
      sess.run(disc["Disc/w:0"]),
      w - lr * numeric_gradient(disc_loss, params, 2), atol=1e-5)
  np.testing.assert_allclose(
      sess.run(disc["Disc/b:0"]),
      b - lr * numeric_gradient(disc_loss, params, 3), atol=1e-5)


def test_an_output_of_another_batch_size_trains_with_a_warning(sess):
  # Edward averaged whatever came back; a first dimension that is not the
  # input's examples is more often a slip, so it is said, not refused.
  base, x_ph, z_ph, _, _ = build_linear_gan()
  inference = ed.GANInference(
      base.data, lambda x: tf.transpose(linear_discriminator(x)))
  with pytest.warns(UserWarning) as caught:
    inference.initialize(n_print=0)
  assert [str(w.message) for w in caught] == [
      "discriminator: its input has 6 examples but its output has shape "
      "(1, 6); the losses average every element of it, as Edward's did."] * 2
  assert caught[0].filename == __file__
  tf1.global_variables_initializer().run()
  info = inference.update({x_ph: X_DATA, z_ph: Z_DATA})
  loss, loss_d, _, _ = numpy_gan(A_G, C_G, W_D[0, 0], B_D[0], X_DATA, Z_DATA)
  np.testing.assert_allclose([info["loss"], info["loss_d"]], [loss, loss_d],
                             rtol=1e-5)


@pytest.mark.parametrize("variables, names", [
    (None, ["loss", "loss_d", "t", "train"]),
    ("Gen", ["loss", "t", "train"]),
    ("Disc", ["loss_d", "t", "train_d"]),
])
def test_step_fetches_are_what_update_runs(sess, variables, names):
  inference, x_ph, z_ph, _, _ = build_linear_gan()
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  fetches = ed.inferences.step_fetches(inference, variables)
  assert sorted(fetches) == names
  assert fetches["loss" if "loss" in fetches else "loss_d"] is (
      inference.loss if "loss" in fetches else inference.loss_d)
  # Running them is one update: t counts it, as update's own call does.
  feed = {x_ph: X_DATA, z_ph: Z_DATA}
  assert sess.run(fetches, feed)["t"] == 1
  assert inference.update(feed, variables)["t"] == 2
  # A new dict each time: changing it changes nothing of the inference.
  fetches.clear()
  assert sorted(ed.inferences.step_fetches(inference, variables)) == names


def test_step_fetches_refuses_what_update_refuses(sess):
  inference, _, _, _, _ = build_linear_gan()
  with pytest.raises(ed.inferences.NotInitializedError):
    ed.inferences.step_fetches(inference)
  inference.initialize(n_print=0)
  with pytest.raises(ValueError, match=re.escape(
      "variables must be None, 'Gen', or 'Disc'.")):
    ed.inferences.step_fetches(inference, "gen")
  with pytest.raises(TypeError, match=re.escape(
      "variables must be None, 'Gen', or 'Disc'.")):
    ed.inferences.step_fetches(inference, 1)
  with pytest.raises(TypeError, match="inference must be a GANInference; "
                     "got str."):
    ed.inferences.step_fetches("inference")
