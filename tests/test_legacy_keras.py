"""edward_lite._legacy_keras: Keras, TensorFlow, TFP, edward_lite in any order.

The routing is checked on stand-in modules first, then in new Python
processes (an import, once made, cannot be undone): every order of the
imports an upgraded script can have, and a legacy GAN built from Keras
layers whose script imports Keras first, trained and compared with the
same steps worked out in NumPy.
"""

import itertools
import json
import os
import textwrap
import types

import numpy as np
import pytest
import tf_keras

from edward_lite import _legacy_keras
from tests.inferences.linear_models import A_G, B_D, C_G, W_D
from tests.inferences.test_gan_inference import numpy_gan
from tests.upgrade._subprocess import run_all


class _Loader(types.ModuleType):
  """Stands in for TensorFlow's KerasLazyLoader."""


def _api_module(name, path, **names):
  module = types.ModuleType(name)
  module.__path__ = list(path)
  for attribute, value in names.items():
    setattr(module, attribute, value)
  return module


def _tf_keras_dir(*parts):
  return os.path.join(os.path.dirname(tf_keras.__file__), *parts)


@pytest.mark.parametrize("value, expected", [
    (None, False), ("1", True), ("true", True), ("True", True),
    ("0", False), ("TRUE", False), ("", False)])
def test_wants_legacy_keras_reads_the_variable_as_tensorflow_does(value,
                                                                   expected):
  environ = {} if value is None else {"TF_USE_LEGACY_KERAS": value}
  assert _legacy_keras.wants_legacy_keras(environ) is expected


@pytest.mark.parametrize("name, attributes", [
    ("tensorflow", ["keras"]),
    ("tensorflow.compat.v2", ["keras"]),
    ("tensorflow._api.v2.compat.v1.compat.v2", ["keras"]),
    ("tensorflow.compat.v1", ["keras", "layers", "rnn_cell"]),
    ("tensorflow._api.v2.compat.v2.compat.v1", ["keras", "layers",
                                                "rnn_cell"]),
    ("tensorflow.compat", []),
    ("tensorflow.python.ops.nn", []),
    ("tensorflow_probability", []),
    ("tf_keras", []),
])
def test_api_routes_follow_tensorflows_api_modules(name, attributes):
  assert [route[0] for route in _legacy_keras.api_routes(name)] == attributes


def test_unresolved_names_of_modules_that_ran_get_tf_keras_first():
  keras3 = "/site/keras/api/_v1"
  nn = _api_module("tensorflow.compat.v1.nn", ["/tf/nn"],
                   rnn_cell=_Loader("rnn_cell"))
  v1 = _api_module("tensorflow.compat.v1", [keras3, "/tf/v1"],
                   keras=_Loader("keras"), layers=_Loader("layers"), nn=nn)
  v2 = _api_module("tensorflow.compat.v2", ["/tf/v2"], keras=_Loader("keras"))
  modules = {"tensorflow.compat.v1": v1, "tensorflow.compat.v2": v2,
             "tensorflow.compat.v1.nn": nn}
  routed = _legacy_keras.route_imported_api(_Loader, modules)
  assert routed == ["tensorflow.compat.v1.keras", "tensorflow.compat.v1.layers",
                    "tensorflow.compat.v1.rnn_cell",
                    "tensorflow.compat.v2.keras"]
  assert v1.__path__ == [
      _tf_keras_dir("api", "_v1", "keras", "__internal__", "legacy"),
      _tf_keras_dir("api", "_v1"), keras3, "/tf/v1"]
  assert nn.__path__ == [
      _tf_keras_dir("api", "_v1", "keras", "__internal__", "legacy"),
      "/tf/nn"]
  assert v2.__path__ == [_tf_keras_dir("api", "_v2"), "/tf/v2"]
  # A second call finds everything routed.
  assert _legacy_keras.route_imported_api(_Loader, modules) == []
  assert v2.__path__ == [_tf_keras_dir("api", "_v2"), "/tf/v2"]


def test_a_name_already_resolved_is_left_as_it_is():
  # The user's code used tf.keras (Keras 3) before edward_lite: the
  # module's `import tensorflow.keras...` must keep agreeing with it.
  resolved = types.ModuleType("keras._tf_keras.keras")
  v2 = _api_module("tensorflow.compat.v2", ["/tf/v2"], keras=resolved)
  assert _legacy_keras.route_imported_api(
      _Loader, {"tensorflow.compat.v2": v2}) == []
  assert v2.__path__ == ["/tf/v2"]


# What an upgraded script's import lines can be: the upgrader keeps the
# order of the legacy script's lines and rewrites each in place.
IMPORTS = {
    "keras": "import tf_keras as keras",
    "tf": "import tensorflow.compat.v1 as tf",
    "tfp": "import tensorflow_probability as tfp",
    "ed": "import edward_lite as ed",
}
# Other lines the upgrader writes, each first in its script.
VARIANTS = {
    "from-keras-layers": ["from tf_keras.layers import Dense", IMPORTS["ed"]],
    "keras-backend": ["from tf_keras import backend as K", IMPORTS["tf"],
                      IMPORTS["ed"]],
    "slim": ["import tf_slim as slim", IMPORTS["keras"], IMPORTS["ed"]],
    "models-subpackage": [IMPORTS["keras"],
                          "from edward_lite.models import Normal"],
    "plain-tensorflow": ["import tensorflow", IMPORTS["keras"], IMPORTS["ed"]],
    "tensorflow-v2-api": ["import tensorflow.compat.v2", IMPORTS["ed"]],
}
ORDERS = dict(
    [("-".join(order), [IMPORTS[name] for name in order])
     for order in itertools.permutations(IMPORTS)] +
    list(VARIANTS.items()))


def _one_order_per_set_imported_first():
  """For each set of the others imported before edward_lite, one order.

  What edward_lite finds at its import is decided by which of them ran
  before it; these orders cover every such set, the rest are run with
  --slow.
  """
  others = [name for name in IMPORTS if name != "ed"]
  orders = []
  for size in range(len(others) + 1):
    for first in itertools.combinations(others, size):
      rest = [name for name in others if name not in first]
      orders.append("-".join(list(first) + ["ed"] + rest))
  return orders


FIRST_SETS = _one_order_per_set_imported_first()
MORE_ORDERS = sorted(set(ORDERS) - set(FIRST_SETS))

# Uses every part once all imports are made, whatever their order: graph
# mode, tf.layers, a tf_keras layer, a TFP distribution, an ed model.
_USE_EVERYTHING = """
import json, os
import numpy as np
import tensorflow.compat.v1 as tf
import tensorflow_probability as tfp
import tf_keras
import edward_lite as ed
x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
layers_y = tf.layers.dense(
    x, 1, kernel_initializer=tf.constant_initializer(0.5),
    bias_initializer=tf.constant_initializer(0.25))
keras_y = tf_keras.layers.Dense(
    1, kernel_initializer=tf_keras.initializers.Constant(-1.0),
    bias_initializer=tf_keras.initializers.Constant(2.0))(x)
log_prob = tfp.distributions.Normal(0.0, 1.0).log_prob(1.0)
z = ed.models.Normal(loc=0.0, scale=2.0)
with tf.Session() as sess:
  sess.run(tf.global_variables_initializer())
  values = sess.run([layers_y, keras_y, log_prob, z.log_prob(2.0)])
print(json.dumps({
    "eager": tf.executing_eagerly(),
    "legacy_keras": os.environ.get("TF_USE_LEGACY_KERAS"),
    "values": [np.asarray(value).tolist() for value in values]}))
"""


def _run_orders(base, names):
  commands = {
      name: (base, ["-c", "\n".join(ORDERS[name]) + "\n" + _USE_EVERYTHING])
      for name in names}
  # Two at a time: each child imports TensorFlow.
  return run_all(commands, timeout=300, at_once=2)


@pytest.fixture(scope="module")
def first_set_runs(tmp_path_factory):
  return _run_orders(tmp_path_factory.mktemp("first_sets"), FIRST_SETS)


@pytest.fixture(scope="module")
def more_runs(tmp_path_factory):
  return _run_orders(tmp_path_factory.mktemp("more_orders"), MORE_ORDERS)


def _normal_log_prob(x, scale):
  return -0.5 * (x / scale) ** 2 - np.log(scale) - 0.5 * np.log(2 * np.pi)


def _check_everything_works(result):
  assert result.returncode == 0, result.stderr[-3000:]
  report = json.loads(result.stdout.splitlines()[-1])
  assert report["eager"] is False
  assert report["legacy_keras"] == "1"
  layers_y, keras_y, log_prob, z_log_prob = report["values"]
  rows = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
  np.testing.assert_allclose(layers_y, rows.sum(1, keepdims=True) * 0.5 + 0.25,
                             rtol=1e-6)
  np.testing.assert_allclose(keras_y, -rows.sum(1, keepdims=True) + 2.0,
                             rtol=1e-6)
  np.testing.assert_allclose(log_prob, _normal_log_prob(1.0, 1.0), rtol=1e-6)
  np.testing.assert_allclose(z_log_prob, _normal_log_prob(2.0, 2.0),
                             rtol=1e-6)


@pytest.mark.parametrize("order", FIRST_SETS)
def test_whatever_was_imported_before_edward_lite_everything_works(
    first_set_runs, order):
  _check_everything_works(first_set_runs[order])


@pytest.mark.slow
@pytest.mark.parametrize("order", MORE_ORDERS)
def test_every_other_import_order_of_an_upgraded_script_works(more_runs,
                                                              order):
  _check_everything_works(more_runs[order])


def test_the_orders_cover_every_permutation_and_the_issues_own():
  assert len(set(ORDERS) - set(VARIANTS)) == 24
  assert len(FIRST_SETS) == 8 and set(FIRST_SETS) <= set(ORDERS)
  # Issue 25's report: Keras first, then edward_lite.
  assert "keras-ed-tf-tfp" in FIRST_SETS
  assert ORDERS["keras-ed-tf-tfp"][:2] == ["import tf_keras as keras",
                                           "import edward_lite as ed"]


N_STEPS = 4
LEARNING_RATE = 0.5
RNG = np.random.RandomState(0)
X_DATA = (RNG.randn(6, 1) + 2.0).astype(np.float32)
Z_DATA = RNG.randn(6, 1).astype(np.float32)

# A legacy Keras-network GAN, as upgraded: Keras imported first, its
# layers made once and applied by the discriminator function (so that
# its second call reuses the first call's weights, made under "Disc").
_KERAS_GAN = """
import tf_keras as keras
import tensorflow.compat.v1 as tf
import edward_lite as ed
import json
import numpy as np

x_data = np.array({x_data}, np.float32)
z_data = np.array({z_data}, np.float32)


def dense(weight, bias):
  return keras.layers.Dense(
      1, kernel_initializer=keras.initializers.Constant(weight),
      bias_initializer=keras.initializers.Constant(bias))


x_ph = tf.placeholder(tf.float32, [6, 1])
z_ph = tf.placeholder(tf.float32, [6, 1])
with tf.variable_scope("Gen"):
  x_fake = dense({a}, {c})(z_ph)
disc_layer = dense({w}, {b})


def discriminator(x):
  return disc_layer(x)


inference = ed.GANInference({{x_fake: x_ph}}, discriminator)
inference.initialize(
    optimizer=tf.train.GradientDescentOptimizer({lr}),
    optimizer_d=tf.train.GradientDescentOptimizer({lr}), n_print=0)
tf.global_variables_initializer().run()
steps = [inference.update({{x_ph: x_data, z_ph: z_data}})
         for _ in range({n_steps})]
print(json.dumps({{
    "losses": [[float(step["loss"]), float(step["loss_d"])] for step in steps],
    "variables": sorted(v.name for v in tf.trainable_variables()),
}}))
"""


def test_a_keras_network_gan_with_keras_imported_first_trains(tmp_path):
  code = textwrap.dedent(_KERAS_GAN).format(
      x_data=X_DATA.tolist(), z_data=Z_DATA.tolist(), a=float(A_G),
      c=float(C_G), w=float(W_D[0, 0]), b=float(B_D[0]), lr=LEARNING_RATE,
      n_steps=N_STEPS)
  result = run_all({"gan": (tmp_path, ["-c", code])}, timeout=300)["gan"]
  assert result.returncode == 0, result.stderr[-3000:]
  report = json.loads(result.stdout.splitlines()[-1])
  assert report["variables"] == ["Disc/dense_1/bias:0", "Disc/dense_1/kernel:0",
                                 "Gen/dense/bias:0", "Gen/dense/kernel:0"]
  # The same steps by hand: each update moves both sides from the same
  # weights (the update test in test_gan_inference.py holds that).
  a, c, w, b = (np.float64(v) for v in (A_G, C_G, W_D[0, 0], B_D[0]))
  expected = []
  for _ in range(N_STEPS):
    loss, loss_d, (grad_a, grad_c), (grad_w, grad_b) = numpy_gan(
        a, c, w, b, X_DATA, Z_DATA)
    expected.append([loss, loss_d])
    a, c = a - LEARNING_RATE * grad_a, c - LEARNING_RATE * grad_c
    w, b = w - LEARNING_RATE * grad_w, b - LEARNING_RATE * grad_b
  np.testing.assert_allclose(report["losses"], expected, rtol=1e-5)
  # It trained: the generator's loss moved between the first and last step.
  assert abs(expected[-1][0] - expected[0][0]) > 0.1

