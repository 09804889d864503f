"""A newcomer's first three mistakes raise errors that name the fix.

`update()` before `initialize()`, no `tf.global_variables_initializer()`
before the first step, and a placeholder neither fed nor bound in `data`:
for each inference class, through `update` and `run`, on the plain path
and on every fast path, the exact type and message, and TensorFlow's
error (or the AttributeError) as `__cause__`.
"""

import contextlib

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.inferences import (
    NotInitializedError, UnfedPlaceholderError, UninitializedVariableError)
from edward_lite.util import graphs
from edward_lite.util.data_pipeline import dataset_from_arrays
from tests import test_util
from tests.distribute.replicas import TWO_CPUS, mirrored
from tests.inferences.linear_models import (
    A_G, B_D, C_G, linear_discriminator, linear_pair_discriminator)

N = 8
X = np.linspace(-1.0, 1.0, N, dtype=np.float32).reshape(N, 1)
Z = np.linspace(0.5, -0.5, N, dtype=np.float32).reshape(N, 1)
W_PAIR = np.array([[0.7], [-0.3]], np.float32)
CLASSES = ["GANInference", "BiGANInference", "WGANInference"]

# The model's variables, and the inference's counter, by class: what a
# step with gradient descent (no slots, no global step) reads.
VARIABLES = {
    "GANInference": ["Disc/b", "Disc/w", "Gen/a", "iteration"],
    "BiGANInference": ["Disc/b", "Disc/w", "Gen/a", "Gen/e", "iteration"],
    "WGANInference": ["Disc/b", "Disc/w", "Gen/a", "iteration"],
}

UNFED_Z = (
    "You must feed a value for placeholder tensor 'z' with dtype float and "
    "shape [8,1]: it is neither fed nor bound in data. Feed it at every "
    "step, inference.update(feed_dict={placeholder: value}), or bind it once "
    "in the inference's data, data={..., placeholder: value}.")
INITIALIZER_FIX = (
    " Run ed.get_session().run(tf.global_variables_initializer()) after "
    "inference.initialize(...), which makes the optimizers' variables, and "
    "before the first update(); inference.run() does this for you.")


def uninitialized(names):
  if len(names) == 1:
    return "Variable {} is not initialized.".format(names[0]) + INITIALIZER_FIX
  return "{} variables are not initialized: {}.".format(
      len(names), ", ".join(names)) + INITIALIZER_FIX


def build(cls, bind_z=False, dataset=False, strategy=None):
  """A linear model of `cls`; x is bound in `data`, z only if `bind_z`.

  Returns:
    (inference, z_ph).
  """
  x_ph = tf1.placeholder(tf.float32, [N, 1], name="x")
  z_ph = tf1.placeholder(tf.float32, [N, 1], name="z")
  scope = strategy.scope() if strategy is not None else tf1.variable_scope("")
  with scope, tf1.variable_scope("Gen"):
    x_fake = tf1.get_variable("a", initializer=A_G) * z_ph
    if cls == "BiGANInference":
      z_fake = tf1.get_variable("e", initializer=C_G) * x_ph
  data = {x_fake: x_ph,
          x_ph: dataset_from_arrays(X, N) if dataset else X}
  if bind_z:
    data[z_ph] = Z
  if cls == "BiGANInference":
    inference = ed.BiGANInference(
        {z_ph: z_fake}, data,
        lambda x, z: linear_pair_discriminator(x, z, W_PAIR, B_D))
  else:
    inference = getattr(ed, cls)(data, linear_discriminator)
  return inference, z_ph


def sgd_options(**options):
  return dict(optimizer=tf1.train.GradientDescentOptimizer(0.1),
              optimizer_d=tf1.train.GradientDescentOptimizer(0.1),
              n_iter=2, n_print=0, **options)


# (a) update() before initialize() --------------------------------------------


@pytest.mark.usefixtures("sess")
@pytest.mark.parametrize("cls", CLASSES)
def test_update_before_initialize(cls):
  inference, z_ph = build(cls)
  with pytest.raises(NotInitializedError) as caught:
    inference.update({z_ph: Z})
  assert type(caught.value) is NotInitializedError
  assert str(caught.value) == (
      "{}.update() was called before initialize(): call "
      "inference.initialize(...) first, which builds the ops that update() "
      "runs (inference.run() calls it for you).".format(cls))
  assert isinstance(caught.value, RuntimeError)
  assert type(caught.value.__cause__) is AttributeError


@pytest.mark.usefixtures("sess")
def test_update_of_variational_inference_before_initialize():
  """The bases' `update` names the mistake as well."""
  class Counter(ed.VariationalInference):

    def build_loss_and_gradients(self, var_list):
      raise AssertionError("never built")

  with pytest.raises(NotInitializedError, match=r"^Counter\.update\(\) was "
                     r"called before initialize\(\)") as caught:
    Counter().update()
  assert type(caught.value.__cause__) is AttributeError


# (b) no tf.global_variables_initializer() --------------------------------------


@pytest.mark.parametrize("cls", CLASSES)
def test_update_without_the_variables_initializer(sess, cls):
  inference, z_ph = build(cls)
  inference.initialize(**sgd_options())
  with pytest.raises(UninitializedVariableError) as caught:
    inference.update({z_ph: Z})
  assert type(caught.value) is UninitializedVariableError
  assert str(caught.value) == uninitialized(VARIABLES[cls])
  assert type(caught.value.__cause__) is tf.errors.FailedPreconditionError
  # Nothing ran: the counter was not moved by the refused step.
  sess.run(tf1.global_variables_initializer())
  assert inference.update({z_ph: Z})["t"] == 1


@pytest.mark.usefixtures("sess")
@pytest.mark.parametrize("cls", CLASSES)
def test_run_that_initializes_no_variable(cls):
  inference, _ = build(cls, bind_z=True)
  with pytest.raises(UninitializedVariableError) as caught:
    inference.run(variables=[], **sgd_options())
  assert str(caught.value) == uninitialized(VARIABLES[cls])
  assert type(caught.value.__cause__) is tf.errors.FailedPreconditionError


@pytest.mark.parametrize("cls", CLASSES)
def test_initializer_made_before_initialize_names_what_it_missed(sess, cls):
  inference, z_ph = build(cls)
  # An initializer made first knows nothing of what initialize makes: the
  # discriminator and the counter.
  initializer = tf1.global_variables_initializer()
  inference.initialize(**sgd_options())
  sess.run(initializer)
  with pytest.raises(UninitializedVariableError) as caught:
    inference.update({z_ph: Z})
  assert str(caught.value) == uninitialized(["Disc/b", "Disc/w", "iteration"])


@pytest.mark.usefixtures("sess")
def test_many_uninitialized_variables_are_counted_not_all_listed():
  inference, z_ph = build("GANInference")
  # Adam, with its slots and global steps; the model's variables come first.
  inference.initialize(n_print=0)
  with pytest.raises(UninitializedVariableError) as caught:
    inference.update({z_ph: Z})
  assert str(caught.value) == (
      "16 variables are not initialized: Disc/b, Disc/w, Gen/a, Disc/b/Adam, "
      "Disc/b/Adam_1 and 11 more." + INITIALIZER_FIX)


# (c) a placeholder neither fed nor bound -------------------------------------


@pytest.mark.parametrize("cls", CLASSES)
def test_update_with_a_placeholder_neither_fed_nor_bound(sess, cls):
  inference, _ = build(cls)
  inference.initialize(**sgd_options())
  sess.run(tf1.global_variables_initializer())
  with pytest.raises(UnfedPlaceholderError) as caught:
    inference.update()
  assert type(caught.value) is UnfedPlaceholderError
  assert str(caught.value) == UNFED_Z
  assert isinstance(caught.value, ValueError)
  assert type(caught.value.__cause__) is tf.errors.InvalidArgumentError
  assert caught.value.op.name == "z"


@pytest.mark.usefixtures("sess")
@pytest.mark.parametrize("cls", CLASSES)
def test_run_with_a_placeholder_not_bound_in_data(cls):
  inference, _ = build(cls)
  with pytest.raises(UnfedPlaceholderError) as caught:
    inference.run(**sgd_options())
  assert str(caught.value) == UNFED_Z
  assert type(caught.value.__cause__) is tf.errors.InvalidArgumentError


# Legacy code, other errors, the fast paths ------------------------------------


def test_legacy_handlers_of_tensorflow_errors_still_catch_them(sess):
  inference, z_ph = build("GANInference")
  inference.initialize(**sgd_options())
  with pytest.raises(tf.errors.FailedPreconditionError) as caught:
    inference.update({z_ph: Z})
  error = caught.value
  assert isinstance(error, RuntimeError)
  assert error.op is error.__cause__.op
  assert error.error_code == error.__cause__.error_code
  sess.run(tf1.global_variables_initializer())
  with pytest.raises(tf.errors.InvalidArgumentError) as caught:
    inference.update()
  error = caught.value
  assert error.node_def is error.__cause__.node_def
  assert error.message == str(error) == UNFED_Z


def test_other_tensorflow_errors_pass_unchanged(sess):
  inference, z_ph = build("GANInference")
  inference.initialize(debug=True, **sgd_options())
  sess.run(tf1.global_variables_initializer())
  bad = Z.copy()
  bad[0, 0] = np.nan
  with pytest.raises(tf.errors.InvalidArgumentError,
                     match="Found NaN or Inf in") as caught:
    inference.update({z_ph: bad})
  assert type(caught.value) is tf.errors.InvalidArgumentError


def test_explaining_builds_no_op(sess):
  inference, z_ph = build("BiGANInference")
  inference.initialize(**sgd_options())
  initializer = tf1.global_variables_initializer()
  sess.graph.finalize()
  with pytest.raises(UninitializedVariableError):
    inference.update({z_ph: Z})
  sess.run(initializer)
  with pytest.raises(UnfedPlaceholderError):
    inference.update()


FAST_PATHS = {
    "xla": dict(xla=True),
    "threads": dict(intra_op_parallelism_threads=1,
                    inter_op_parallelism_threads=2),
    "lean_gradients": dict(lean_gradients=True),
    # x is read through a session callable connected to its iterator.
    "dataset": dict(),
    "mirrored": dict(),
}


@contextlib.contextmanager
def graph_for(path):
  """A fresh graph, with the session that `path` needs.

  The session options replace edward_lite's own session, so those paths
  get none of the test's; a mirrored strategy needs two CPU devices.
  """
  if path in ("xla", "threads"):
    with tf1.Graph().as_default():
      test_util.seed_everything(1)
      yield
      graphs.get_session().close()
  else:
    with test_util.fresh_session(
        seed=1, config=TWO_CPUS if path == "mirrored" else None):
      yield


@pytest.mark.parametrize("path", sorted(FAST_PATHS))
@pytest.mark.parametrize("cls", CLASSES)
def test_fast_paths_explain_both_mistakes(cls, path):
  with graph_for(path):
    strategy = mirrored() if path == "mirrored" else None
    inference, z_ph = build(cls, dataset=path == "dataset",
                            strategy=strategy)
    options = sgd_options(**FAST_PATHS[path])
    if strategy is not None:
      options["strategy"] = strategy
    inference.initialize(**options)
    with pytest.raises(UninitializedVariableError) as caught:
      inference.update({z_ph: Z})
    assert str(caught.value) == uninitialized(VARIABLES[cls])
    assert type(caught.value.__cause__) is tf.errors.FailedPreconditionError
    ed.get_session().run(tf1.global_variables_initializer())
    with pytest.raises(UnfedPlaceholderError) as caught:
      inference.update()
    assert str(caught.value) == UNFED_Z
    assert type(caught.value.__cause__) is tf.errors.InvalidArgumentError
    if path != "dataset":
      # A refused step can leave a tf.data iterator at its end (about one
      # run in seven here, TensorFlow's doing, with or without prefetch),
      # so the dataset path is not asked for a good step afterwards.
      assert np.isfinite(inference.update({z_ph: Z})["loss"])
