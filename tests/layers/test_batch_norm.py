"""edward_lite.layers.batch_norm against NumPy: outputs, moving averages."""

import textwrap

import numpy as np
import pytest

from edward_lite._tf import tf1
from edward_lite.layers import batch_norm
from tests.upgrade._subprocess import ROOT, run_all

EPSILON = 0.001


def _normalized(x, mean, variance, gamma=1.0, beta=0.0):
  return (x - mean) / np.sqrt(variance + EPSILON) * gamma + beta


def _batches(shape, count, seed=0):
  rng = np.random.RandomState(seed)
  return [(2.0 + 3.0 * rng.randn(*shape)).astype(np.float32)
          for _ in range(count)]


def _assert_moving_statistics(sess, moving_mean, moving_variance):
  variables = _variables()
  np.testing.assert_allclose(sess.run(variables["moving_mean"]), moving_mean,
                             rtol=1e-5)
  np.testing.assert_allclose(sess.run(variables["moving_variance"]),
                             moving_variance, rtol=1e-5)


def _variables(scope="BatchNorm"):
  return {v.op.name.split("/")[-1]: v
          for v in tf1.global_variables(scope=scope)}


@pytest.mark.parametrize("shape, data_format, fused, ddof", [
    # contrib used TensorFlow's fused kernel for rank 2 and 4, which gives
    # the moving average the unbiased batch variance; its other code the
    # biased one.
    ((6, 3), "NHWC", None, 1),
    ((4, 2, 3, 3), "NHWC", None, 1),
    ((4, 3, 2, 2), "NCHW", None, 1),
    ((5, 2, 3), "NHWC", None, 0),
    ((6, 3), "NHWC", False, 0),
    ((4, 2, 3, 3), "NHWC", False, 0),
])
def test_training_output_and_update_ops_match_numpy(sess, shape, data_format,
                                                    fused, ddof):
  x_ph = tf1.placeholder(tf1.float32, shape)
  gamma = np.array([0.5, 2.0, -1.0], np.float32)
  beta = np.array([1.0, 0.0, -3.0], np.float32)
  out = batch_norm(x_ph, decay=0.9, scale=True, fused=fused,
                   data_format=data_format,
                   param_initializers={
                       "gamma": tf1.constant_initializer(gamma),
                       "beta": tf1.constant_initializer(beta)})
  update_ops = tf1.get_collection(tf1.GraphKeys.UPDATE_OPS)
  assert len(update_ops) == 2
  sess.run(tf1.global_variables_initializer())
  channel = 1 if data_format == "NCHW" else len(shape) - 1
  axes = tuple(a for a in range(len(shape)) if a != channel)
  view = [1] * len(shape)
  view[channel] = 3
  moving_mean, moving_variance = np.zeros(3), np.ones(3)
  for x in _batches(shape, 3):
    got, _ = sess.run([out, update_ops], {x_ph: x})
    x64 = x.astype(np.float64)
    mean = x64.mean(axis=axes)
    np.testing.assert_allclose(
        got, _normalized(x64, mean.reshape(view),
                         x64.var(axis=axes).reshape(view),
                         gamma.reshape(view), beta.reshape(view)),
        rtol=1e-4, atol=1e-4)
    moving_mean = 0.9 * moving_mean + 0.1 * mean
    moving_variance = 0.9 * moving_variance + 0.1 * x64.var(axis=axes,
                                                            ddof=ddof)
  _assert_moving_statistics(sess, moving_mean, moving_variance)


def test_updates_wait_for_the_caller_to_run_them(sess):
  x_ph = tf1.placeholder(tf1.float32, [4, 2])
  out = batch_norm(x_ph)
  sess.run(tf1.global_variables_initializer())
  x = _batches([4, 2], 1)[0]
  sess.run(out, {x_ph: x})
  variables = _variables()
  np.testing.assert_array_equal(sess.run(variables["moving_mean"]), [0, 0])
  np.testing.assert_array_equal(sess.run(variables["moving_variance"]),
                                [1, 1])


def test_updates_collections_none_updates_with_the_output(sess):
  x_ph = tf1.placeholder(tf1.float32, [4, 2])
  out = batch_norm(x_ph, decay=0.5, updates_collections=None)
  assert tf1.get_collection(tf1.GraphKeys.UPDATE_OPS) == []
  sess.run(tf1.global_variables_initializer())
  x = _batches([4, 2], 1)[0].astype(np.float64)
  got = sess.run(out, {x_ph: x})
  np.testing.assert_allclose(got, _normalized(x, x.mean(0), x.var(0)),
                             rtol=1e-4, atol=1e-4)
  variables = _variables()
  np.testing.assert_allclose(sess.run(variables["moving_mean"]),
                             0.5 * x.mean(0), rtol=1e-5)
  np.testing.assert_allclose(sess.run(variables["moving_variance"]),
                             0.5 + 0.5 * x.var(0, ddof=1), rtol=1e-5)


def test_inference_uses_the_moving_statistics_and_updates_nothing(sess):
  x_ph = tf1.placeholder(tf1.float32, [4, 2])
  out = batch_norm(x_ph, is_training=False, param_initializers={
      "moving_mean": tf1.constant_initializer([1.0, -2.0]),
      "moving_variance": tf1.constant_initializer([4.0, 0.25])})
  assert tf1.get_collection(tf1.GraphKeys.UPDATE_OPS) == []
  sess.run(tf1.global_variables_initializer())
  x = _batches([4, 2], 1)[0]
  np.testing.assert_allclose(
      sess.run(out, {x_ph: x}),
      _normalized(x.astype(np.float64), np.array([1.0, -2.0]),
                  np.array([4.0, 0.25])), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("updates_collections", [
    tf1.GraphKeys.UPDATE_OPS, None])
def test_a_tensor_is_training_chooses_at_run_time(sess, updates_collections):
  x_ph = tf1.placeholder(tf1.float32, [4, 2])
  training = tf1.placeholder(tf1.bool, [])
  out = batch_norm(x_ph, decay=0.5, is_training=training,
                   updates_collections=updates_collections)
  update_ops = tf1.get_collection(tf1.GraphKeys.UPDATE_OPS)
  sess.run(tf1.global_variables_initializer())
  x = _batches([4, 2], 1)[0].astype(np.float64)
  variables = _variables()
  fetches = [out] + update_ops
  # Inference: the moving statistics (0 and 1) normalize, none moves.
  got = sess.run(fetches, {x_ph: x, training: False})[0]
  np.testing.assert_allclose(got, _normalized(x, 0.0, 1.0), rtol=1e-5)
  np.testing.assert_array_equal(sess.run(variables["moving_mean"]), [0, 0])
  # Training: the batch's statistics, and one update.
  got = sess.run(fetches, {x_ph: x, training: True})[0]
  np.testing.assert_allclose(got, _normalized(x, x.mean(0), x.var(0)),
                             rtol=1e-4, atol=1e-4)
  np.testing.assert_allclose(sess.run(variables["moving_mean"]),
                             0.5 * x.mean(0), rtol=1e-5)


def test_a_constant_tensor_is_training_is_read_when_the_graph_is_built(sess):
  del sess
  x = tf1.zeros([4, 2])
  batch_norm(x, is_training=tf1.constant(False), scope="off")
  assert tf1.get_collection(tf1.GraphKeys.UPDATE_OPS) == []
  batch_norm(x, is_training=tf1.constant(True), scope="on")
  assert len(tf1.get_collection(tf1.GraphKeys.UPDATE_OPS)) == 2


# Images in NHWC: batch, height, width, channels.
IMAGE = (4, 3, 2, 5)
IMAGE_AXES = (0, 1, 2)


def _fused_kernels():
  return sorted(op.type for op in tf1.get_default_graph().get_operations()
                if op.type.startswith("FusedBatchNorm") and
                "gradients" not in op.name)


@pytest.mark.parametrize("shape, kwargs, kernels", [
    (IMAGE, {}, ["FusedBatchNormV3"]),
    (IMAGE, dict(is_training=False), ["FusedBatchNormV3"]),
    # The batch statistics' kernel (the moving ones' is in the cond's
    # branch, a graph of its own).
    (IMAGE, dict(is_training="a tensor"), ["FusedBatchNormV3"]),
    (IMAGE, dict(fused=False), []),
    ((4, 5, 3, 2), dict(data_format="NCHW"), []),
    # Under cuDNN's smallest epsilon the separate ops keep it as given.
    (IMAGE, dict(epsilon=1e-6), []),
    ((6, 5), {}, []),
])
def test_float32_images_in_nhwc_take_the_fused_kernel(sess, shape, kwargs,
                                                       kernels):
  del sess
  if kwargs.get("is_training") == "a tensor":
    kwargs = dict(is_training=tf1.placeholder_with_default(True, []))
  batch_norm(tf1.placeholder(tf1.float32, shape), **kwargs)
  assert _fused_kernels() == kernels


@pytest.mark.parametrize("updates_collections", [
    tf1.GraphKeys.UPDATE_OPS, None])
def test_fused_training_output_and_moving_averages_match_numpy(
    sess, updates_collections):
  x_ph = tf1.placeholder(tf1.float32, IMAGE)
  gamma = np.array([0.5, 2.0, -1.0, 1.5, 3.0], np.float32)
  beta = np.array([1.0, 0.0, -3.0, 0.5, 2.0], np.float32)
  out = batch_norm(x_ph, decay=0.9, scale=True, epsilon=1e-5,
                   updates_collections=updates_collections,
                   param_initializers={
                       "gamma": tf1.constant_initializer(gamma),
                       "beta": tf1.constant_initializer(beta)})
  assert _fused_kernels() == ["FusedBatchNormV3"]
  fetches = [out] + tf1.get_collection(tf1.GraphKeys.UPDATE_OPS)
  sess.run(tf1.global_variables_initializer())
  moving_mean, moving_variance = np.zeros(5), np.ones(5)
  for x in _batches(IMAGE, 3):
    got = sess.run(fetches, {x_ph: x})[0]
    x64 = x.astype(np.float64)
    mean = x64.mean(axis=IMAGE_AXES)
    np.testing.assert_allclose(
        got, (x64 - mean) / np.sqrt(x64.var(axis=IMAGE_AXES) + 1e-5) *
        gamma + beta, rtol=1e-4, atol=1e-4)
    moving_mean = 0.9 * moving_mean + 0.1 * mean
    moving_variance = 0.9 * moving_variance + 0.1 * x64.var(
        axis=IMAGE_AXES, ddof=1)
  _assert_moving_statistics(sess, moving_mean, moving_variance)


def test_fused_inference_and_a_tensor_is_training_match_numpy(sess):
  x_ph = tf1.placeholder(tf1.float32, IMAGE)
  training = tf1.placeholder(tf1.bool, [])
  mean = np.array([1.0, -2.0, 0.5, 3.0, 0.0])
  variance = np.array([4.0, 0.25, 1.0, 9.0, 2.0])
  out = batch_norm(x_ph, is_training=training, updates_collections=None,
                   param_initializers={
                       "moving_mean": tf1.constant_initializer(mean),
                       "moving_variance": tf1.constant_initializer(variance)})
  sess.run(tf1.global_variables_initializer())
  x = _batches(IMAGE, 1)[0]
  x64 = x.astype(np.float64)
  np.testing.assert_allclose(sess.run(out, {x_ph: x, training: False}),
                             _normalized(x64, mean, variance), rtol=1e-5,
                             atol=1e-5)
  np.testing.assert_allclose(sess.run(_variables()["moving_mean"]), mean)
  np.testing.assert_allclose(
      sess.run(out, {x_ph: x, training: True}),
      _normalized(x64, x64.mean(axis=IMAGE_AXES), x64.var(axis=IMAGE_AXES)),
      rtol=1e-4, atol=1e-4)
  np.testing.assert_allclose(sess.run(_variables()["moving_mean"]),
                             0.999 * mean + 0.001 * x64.mean(axis=IMAGE_AXES),
                             rtol=1e-5)


def test_fused_gradients_are_batch_norms_closed_form(sess):
  x_ph = tf1.placeholder(tf1.float32, IMAGE)
  gamma = np.array([0.5, 2.0, -1.0, 1.5, 3.0], np.float32)
  out = batch_norm(x_ph, scale=True, param_initializers={
      "gamma": tf1.constant_initializer(gamma)})
  weights = np.random.RandomState(1).randn(*IMAGE)
  variables = _variables()
  grads = tf1.gradients(tf1.reduce_sum(out * weights),
                        [x_ph, variables["gamma"], variables["beta"]])
  sess.run(tf1.global_variables_initializer())
  x = _batches(IMAGE, 1)[0]
  got_x, got_gamma, got_beta = sess.run(grads, {x_ph: x})
  # y = gamma * xhat + beta, xhat = (x - mean) / sqrt(var + eps), with the
  # batch's mean and biased variance: dL/dx = gamma / sqrt(var + eps) *
  # (w - mean(w) - xhat * mean(w * xhat)), means over all but channels.
  x64 = x.astype(np.float64)
  std = np.sqrt(x64.var(axis=IMAGE_AXES) + EPSILON)
  xhat = (x64 - x64.mean(axis=IMAGE_AXES)) / std
  expected_x = gamma / std * (
      weights - weights.mean(axis=IMAGE_AXES) -
      xhat * (weights * xhat).mean(axis=IMAGE_AXES))
  np.testing.assert_allclose(got_x, expected_x, rtol=1e-3, atol=1e-5)
  np.testing.assert_allclose(got_gamma, (weights * xhat).sum(IMAGE_AXES),
                             rtol=1e-4, atol=1e-5)
  np.testing.assert_allclose(got_beta, weights.sum(IMAGE_AXES), rtol=1e-5)


def test_variables_scopes_reuse_and_collections(sess):
  del sess
  x = tf1.ones([4, 3])
  first = batch_norm(x, scale=True, scope="bn",
                     variables_collections={"gamma": ["gammas"]},
                     outputs_collections="outputs")
  batch_norm(x, scale=True, scope="bn", reuse=True)
  batch_norm(x)
  batch_norm(x)
  names = lambda key: sorted(v.op.name for v in tf1.get_collection(key))
  assert names(tf1.GraphKeys.GLOBAL_VARIABLES) == [
      "BatchNorm/beta", "BatchNorm/moving_mean", "BatchNorm/moving_variance",
      "BatchNorm_1/beta", "BatchNorm_1/moving_mean",
      "BatchNorm_1/moving_variance", "bn/beta", "bn/gamma", "bn/moving_mean",
      "bn/moving_variance"]
  assert names(tf1.GraphKeys.MODEL_VARIABLES) == names(
      tf1.GraphKeys.GLOBAL_VARIABLES)
  assert names(tf1.GraphKeys.TRAINABLE_VARIABLES) == [
      "BatchNorm/beta", "BatchNorm_1/beta", "bn/beta", "bn/gamma"]
  assert names("gammas") == ["bn/gamma"]
  assert tf1.get_collection("outputs") == [first]
  assert first.aliases == ["bn"]
  # Each of the four calls adds its two update ops, the reusing one too.
  assert len(tf1.get_collection(tf1.GraphKeys.UPDATE_OPS)) == 8


def test_not_trainable_and_regularized_parameters(sess):
  x = tf1.ones([4, 2])
  batch_norm(x, scale=True, trainable=False, scope="frozen")
  assert tf1.trainable_variables() == []
  batch_norm(x, scale=True, scope="reg", param_initializers={
      "gamma": tf1.constant_initializer([3.0, 4.0])}, param_regularizers={
          "gamma": lambda w: 0.5 * tf1.reduce_sum(tf1.square(w))})
  losses = tf1.get_collection(tf1.GraphKeys.REGULARIZATION_LOSSES)
  sess.run(tf1.global_variables_initializer())
  assert sess.run(losses) == [pytest.approx(0.5 * (9.0 + 16.0))]


def test_activation_fn_is_applied_after_normalizing(sess):
  x = np.array([[1.0], [3.0]], np.float32)
  out = batch_norm(tf1.constant(x), activation_fn=tf1.nn.relu)
  sess.run(tf1.global_variables_initializer())
  expected = np.maximum(_normalized(x.astype(np.float64), 2.0, 1.0), 0.0)
  np.testing.assert_allclose(sess.run(out), expected, rtol=1e-5)


def test_zero_debiased_moving_mean_is_the_average_of_the_batches(sess):
  x_ph = tf1.placeholder(tf1.float32, [4, 2])
  batch_norm(x_ph, decay=0.9, zero_debias_moving_mean=True)
  update_ops = tf1.get_collection(tf1.GraphKeys.UPDATE_OPS)
  sess.run(tf1.global_variables_initializer())
  biased = np.zeros(2)
  for step, x in enumerate(_batches([4, 2], 3), 1):
    sess.run(update_ops, {x_ph: x})
    biased = 0.9 * biased + 0.1 * x.astype(np.float64).mean(0)
  assert sorted(_variables()) == ["beta", "biased", "local_step",
                                  "moving_mean", "moving_variance"]
  np.testing.assert_allclose(sess.run(_variables()["moving_mean"]),
                             biased / (1.0 - 0.9 ** step), rtol=1e-5)


def test_errors_name_the_argument(sess):
  del sess
  x = tf1.ones([4, 2])
  with pytest.raises(NotImplementedError) as caught:
    batch_norm(x, renorm=True)
  assert str(caught.value) == (
      "edward_lite's batch_norm does not implement renorm; it was rarely "
      "used in GAN code. Keep this layer on "
      "tf.keras.layers.BatchNormalization, or leave the argument out.")
  with pytest.raises(TypeError) as caught:
    batch_norm(x, is_training="yes")
  assert str(caught.value) == (
      "is_training must be a Python bool or a bool tensor or variable; got "
      "'yes'.")
  with pytest.raises(ValueError) as caught:
    batch_norm(x, data_format="NDHWC")
  assert str(caught.value) == "data_format has to be either NCHW or NHWC."
  assert tf1.global_variables() == []


def test_slims_arg_scope_reaches_it_when_tf_slim_came_first():
  # In a fresh process, as an upgraded script runs: tf_slim imported,
  # then edward_lite.layers, then the arg_scope slim code wrote.
  script = textwrap.dedent("""\
      import tf_slim as slim
      from edward_lite._tf import tf1
      from edward_lite.layers import batch_norm
      with slim.arg_scope([batch_norm], scale=True, decay=0.5):
        batch_norm(tf1.ones([4, 2]), scope="bn")
      print(sorted(v.op.name for v in tf1.global_variables()))
      """)
  process = run_all({"arg_scope": (ROOT, ["-c", script])})["arg_scope"]
  assert process.returncode == 0, process.stderr[-2000:]
  assert process.stdout.splitlines()[-1] == (
      "['bn/beta', 'bn/gamma', 'bn/moving_mean', 'bn/moving_variance']")
