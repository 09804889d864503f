"""Every `#### Examples` block in edward_lite's public docstrings runs.

The blocks are collected from the docstrings of every class and function
the API reference documents, of every other one in the `__all__` of a
public module of edward_lite (no "_" in its dotted name), and of their
public methods and properties: not from a hand-made list.
Each block runs in a fresh graph and session, in the namespace below,
and is then checked by the entry of CHECKS named after the docstring's
owner. A block with no entry fails, so a new example cannot go unchecked.

The examples name what the reader is meant to have: `ed`, `tf`
(`tensorflow.compat.v1`), `np`, `tfd`, the classes of `ed.models` and
`Progbar`, plus a few free names each example assumes (`gen_data`,
`discriminator`, `x_data`, ...), which its CHECKS entry supplies.

The `ed.models` classes quote their TensorFlow Probability distribution's
docstring without its examples (TFP's own, for `tfd.*`), and show one of
their own, made from `random_variables._EXAMPLES`: those are collected
like any other and checked against the closed forms below.
"""

import contextlib
import functools
import importlib
import inspect
import io
import pkgutil
import re
import struct
import textwrap

import numpy as np
import pytest

import edward_lite as ed
import edward_lite.models
from edward_lite import datasets
from edward_lite.models import random_variables
from edward_lite._tf import tf, tf1, tfd
from tests import test_util
from tests.docs.conftest import load_hook

FENCED_PYTHON = re.compile(r"```python\n(.*?)```", re.S)


def example_blocks(doc):
  """The fenced Python blocks under each "#### Examples" heading."""
  blocks = []
  for part in re.split(r"^#### ", doc, flags=re.M)[1:]:
    heading, _, body = part.partition("\n")
    if heading.strip() == "Examples":
      blocks.extend(textwrap.dedent(b) for b in FENCED_PYTHON.findall(body))
  return blocks


def public_modules():
  """Every module of edward_lite whose dotted name has no "_" part."""
  names = ["edward_lite"]
  for info in pkgutil.walk_packages(edward_lite.__path__, "edward_lite."):
    if not any(part.startswith("_") for part in info.name.split(".")):
      names.append(info.name)
  return [importlib.import_module(name) for name in sorted(names)]


def public_objects():
  """(owner's name, class or function) for every public one, once each.

  The API reference's names first (`ed.GANInference`), then every other
  class or function in a public module's `__all__`, under its module's
  name: a docstring outside the reference is collected too.
  """
  entries, _ = load_hook().catalog()
  found = [(entry.name, entry.obj) for entry in entries]
  seen = {id(obj) for _, obj in found}
  for module in public_modules():
    for name in getattr(module, "__all__", []):
      obj = getattr(module, name)
      if not (inspect.isclass(obj) or inspect.isfunction(obj)):
        continue
      if id(obj) not in seen:
        seen.add(id(obj))
        found.append(("{}.{}".format(module.__name__, name), obj))
  return found


def collect():
  """{owner's public name: [blocks]}, each docstring counted once."""
  found = {}
  seen = set()
  for owner_name, owner in public_objects():
    owners = [(owner_name, owner)]
    if inspect.isclass(owner):
      for name, member in sorted(vars_with_inherited(owner).items()):
        owners.append(("{}.{}".format(owner_name, name), member))
    for owner, obj in owners:
      doc = inspect.getdoc(obj)
      if not doc or doc in seen:
        continue
      seen.add(doc)
      blocks = example_blocks(doc)
      if blocks:
        found[owner] = blocks
  return found


def vars_with_inherited(cls):
  """Public methods and properties of `cls`, its bases' included."""
  members = {}
  for klass in reversed(cls.__mro__):
    if klass is object:
      continue
    for name, value in vars(klass).items():
      if name.startswith("_"):
        continue
      if isinstance(value, property):
        members[name] = value
      elif inspect.isfunction(value):
        members[name] = value
  return members


def base_namespace():
  namespace = {"ed": ed, "tf": tf1, "np": np, "tfd": tfd,
               "Progbar": ed.Progbar}
  for name in edward_lite.models.__all__:
    namespace[name] = getattr(edward_lite.models, name)
  return namespace


# Free names the adversarial examples assume, as small real networks.
def _dense(inputs, units, activation=None):
  return tf1.layers.dense(inputs, units, activation=activation)


def _gen_data(z):
  return _dense(_dense(z, 8, tf.nn.relu), 4, tf.sigmoid)


def _gen_latent(x):
  return _dense(_dense(x, 8, tf.nn.relu), 2)


def _discriminator(x, z=None):
  inputs = x if z is None else tf.concat([x, z], axis=1)
  return _dense(_dense(inputs, 8, tf.nn.relu), 1)


def _generative_network(z):
  return _dense(_dense(z, 8, tf.nn.relu), 2)


def setup_bigan(namespace, tmp_path):
  namespace.update(
      x_ph=tf1.placeholder(tf.float32, [16, 4]),
      z_ph=tf1.placeholder(tf.float32, [16, 2]),
      gen_data=_gen_data, gen_latent=_gen_latent,
      discriminator=_discriminator)


def check_bigan(namespace, sess, printed):
  inference = namespace["inference"]
  z_ph, zf = namespace["z_ph"], namespace["zf"]
  xf, x_ph = namespace["xf"], namespace["x_ph"]
  assert inference.latent_vars == {z_ph: zf}
  assert inference.data == {xf: x_ph}
  # Both networks were built under "Gen", where BiGANInference finds them.
  assert xf.name.startswith("Gen/") and zf.name.startswith("Gen/")


def setup_gan(namespace, tmp_path):
  namespace.update(
      generative_network=_generative_network, discriminator=_discriminator,
      x_data=np.random.RandomState(0).normal(size=(100, 2)).astype(
          np.float32))


def check_gan(namespace, sess, printed):
  inference = namespace["inference"]
  x = namespace["x"]
  assert list(inference.data) == [x]
  # The NumPy data became a graph variable holding the same values.
  np.testing.assert_array_equal(sess.run(inference.data[x]),
                                namespace["x_data"])
  assert x.shape.as_list() == [100, 2]


def check_implicit_klqp(namespace, sess, printed):
  inference, qz = namespace["inference"], namespace["qz"]
  assert sess.run(inference.t) == 200
  assert inference.disc_scope == "Disc"
  # With the optimal estimator log p(z), q's mean climbs from 0 towards
  # p's mean, 5 (gradient log p = 5 - z).
  assert sess.run(qz.mean()) > 2.5


def check_inference(namespace, sess, printed):
  inference = namespace["inference"]
  assert sess.run(inference.t) == 10
  assert inference.latent_vars == {namespace["mu"]: namespace["qmu"]}
  np.testing.assert_array_equal(sess.run(inference.data[namespace["x"]]),
                                np.zeros(50, np.float32))


def check_progbar(namespace, sess, printed):
  # The last line: 10 of 10 steps and the last loss, 1 / 10.
  last = printed.split("\r")[-1]
  assert last.startswith("10/10 [100%]")
  assert last.rstrip().endswith("| Loss: 0.100")


def check_random_variable(namespace, sess, printed):
  assert namespace["x"].shape.as_list() == [50]
  assert namespace["h"].shape.as_list() == [50, 3]
  assert isinstance(namespace["y"].distribution, tfd.StudentT)
  assert namespace["mu"] in ed.get_ancestors(namespace["x"])


def check_eval(namespace, sess, printed):
  value = float(printed.strip())
  assert np.isfinite(value)


def check_own_assertions(namespace, sess, printed):
  # The example asserts its result itself; it must also have made the
  # variables and random variables it names.
  assert any(isinstance(v, (ed.RandomVariable, tf1.Variable))
             for v in namespace.values())


def check_copy(namespace, sess, printed):
  # The example asserts 6 and 12; the copy is a new op of its own scope.
  z, z_new = namespace["z"], namespace["z_new"]
  assert z_new is not z and z_new.name == "copied/" + z.name


def check_dot(namespace, sess, printed):
  X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
  np.testing.assert_allclose(sess.run(namespace["y"]),
                             np.dot(X, [1.0, -1.0]))


def _write_idx(path, magic, array):
  with open(path, "wb") as handle:
    handle.write(struct.pack(">I", magic))
    handle.write(struct.pack(">" + "I" * array.ndim, *array.shape))
    handle.write(array.astype(np.uint8).tobytes())


def setup_generator(namespace, tmp_path):
  """Four small MNIST-format files, an inference to feed, `mnist` reading them.

  The example's path ("~/data/mnist") is replaced by the directory of
  these files: nothing is downloaded and nothing outside tmp_path read.
  """
  rng = np.random.RandomState(0)
  for prefix, count in (("train", 120), ("t10k", 20)):
    images = rng.randint(0, 256, size=(count, 28, 28))
    labels = rng.randint(0, 10, size=count)
    _write_idx(str(tmp_path / (prefix + "-images-idx3-ubyte")), 0x803, images)
    _write_idx(str(tmp_path / (prefix + "-labels-idx1-ubyte")), 0x801, labels)
  x_ph = tf1.placeholder(tf.float32, [100, 784])
  with tf1.variable_scope("Gen"):
    x = _dense(tf1.random_normal([100, 3]), 784)
  inference = ed.GANInference({x: x_ph}, _discriminator)
  inference.initialize(n_iter=3, n_print=0)
  tf1.global_variables_initializer().run()
  namespace.update(mnist=lambda path: datasets.mnist(str(tmp_path)),
                   generator=datasets.generator, x_ph=x_ph,
                   inference=inference)


def check_generator(namespace, sess, printed):
  assert sess.run(namespace["inference"].t) == 3
  assert namespace["info_dict"]["t"] == 3
  assert namespace["x_train"].shape == (120, 784)


# ed.models: each class's example (random_variables._EXAMPLES) builds
# x = Class(**arguments, sample_shape=[3]), draws it and evaluates one
# statistic. Closed forms of the statistics, from the same arguments.
MODEL_CLOSED_FORMS = {
    "Bernoulli": {"mean": lambda probs: probs},
    "Beta": {"mean": lambda concentration1, concentration0: (
        concentration1 / (concentration1 + concentration0))},
    "Binomial": {"mean": lambda total_count, probs: total_count * probs},
    "Categorical": {"mean": lambda probs: np.dot(np.arange(len(probs)),
                                                 probs)},
    "Chi2": {"mean": lambda df: df},
    "Dirichlet": {"mean": lambda concentration: (
        np.asarray(concentration) / np.sum(concentration))},
    "Empirical": {"mean": lambda params: np.mean(params, axis=0)},
    "Exponential": {"mean": lambda rate: 1.0 / rate},
    "Gamma": {"mean": lambda concentration, rate: concentration / rate},
    # Edward's InverseGamma `rate` is the scale beta: mean beta / (alpha - 1).
    "InverseGamma": {"mean": lambda concentration, rate: (
        rate / (concentration - 1.0))},
    "Laplace": {"mean": lambda loc, scale: loc},
    "Multinomial": {"mean": lambda total_count, probs: (
        total_count * np.asarray(probs))},
    "MultivariateNormalDiag": {"mean": lambda loc, scale_diag: loc},
    "MultivariateNormalTriL": {
        "mean": lambda loc, scale_tril: loc,
        "covariance": lambda loc, scale_tril: (
            np.asarray(scale_tril) @ np.asarray(scale_tril).T)},
    "Normal": {"mean": lambda loc, scale: loc},
    "PointMass": {"mean": lambda params: params},
    "Poisson": {"mean": lambda rate: rate},
    "Uniform": {"mean": lambda low, high: (low + high) / 2.0},
}

# float32 arithmetic on these small numbers: a few ulps.
_FLOAT32_RTOL = 1e-6


def check_model(name, namespace, sess, printed):
  example = random_variables._EXAMPLES[name]  # pylint: disable=protected-access
  arguments = dict(example.arguments)
  closed_forms = MODEL_CLOSED_FORMS[name]
  x = namespace["x"]
  assert type(x) is getattr(edward_lite.models, name)
  # sample_shape [3], then batch and event shape: the mean's shape.
  shape = (3,) + np.shape(closed_forms["mean"](**arguments))
  assert tuple(x.shape.as_list()) == shape == tuple(example.shape)
  assert namespace["draws"].shape == shape
  # Every draw lies in the support.
  assert np.all(np.isfinite(sess.run(x.log_prob(namespace["draws"]))))
  expected = closed_forms[example.statistic](**arguments)
  np.testing.assert_allclose(namespace[example.statistic], expected,
                             rtol=_FLOAT32_RTOL)
  # The value the docstring shows is the closed form too.
  np.testing.assert_allclose(example.value, expected, rtol=_FLOAT32_RTOL)


# ed.criticisms: a linear BiGAN whose every output NumPy computes:
# E(x) = x ENC_W, G(z) = z GEN_W, D(x, z) = [x, z] DISC_W + DISC_B.
_DX, _DZ = 3, 2
_RNG = np.random.RandomState(5)
ENC_W = _RNG.randn(_DX, _DZ).astype(np.float32) * 0.5
GEN_W = _RNG.randn(_DZ, _DX).astype(np.float32) * 0.5
DISC_W = _RNG.randn(_DX + _DZ, 1).astype(np.float32)
DISC_B = np.float32(0.3)
# Four normal rows, then three anomalies far out.
X_TEST = np.concatenate([_RNG.randn(4, _DX), 4.0 + _RNG.randn(3, _DX)]).astype(
    np.float32)
Y_TEST = np.array([False] * 4 + [True] * 3)


def _linear_discriminator(x, z):
  weight = tf1.get_variable("w", initializer=tf.constant(DISC_W))
  bias = tf1.get_variable("b", initializer=tf.constant(DISC_B))
  return tf.matmul(tf.concat([x, z], 1), weight) + bias


def setup_linear_bigan(namespace, tmp_path):
  x_ph = tf1.placeholder(tf.float32, [None, _DX])
  z_ph = tf1.placeholder(tf.float32, [None, _DZ])
  with tf1.variable_scope("Gen"):
    xf = tf.matmul(z_ph, tf1.get_variable(
        "gen_w", initializer=tf.constant(GEN_W)))
    zf = tf.matmul(x_ph, tf1.get_variable(
        "enc_w", initializer=tf.constant(ENC_W)))
  inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph},
                                _linear_discriminator)
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  namespace.update(inference=inference, x_ph=x_ph, z_ph=z_ph, xf=xf, zf=zf,
                   x_test=X_TEST, y_test=Y_TEST)


def _numpy_reconstruction(x):
  return x.astype(np.float64) @ ENC_W @ GEN_W


def _numpy_auroc(scores, is_anomaly):
  """P(anomaly's score > normal's), ties one half, over all pairs."""
  scores = np.asarray(scores, np.float64)
  is_anomaly = np.asarray(is_anomaly, bool)
  diff = scores[is_anomaly][:, None] - scores[~is_anomaly][None, :]
  return np.mean((diff > 0) + 0.5 * (diff == 0))


def _numpy_average_precision(scores, is_anomaly):
  """sum_k (R_k - R_{k-1}) P_k, ranking by decreasing score (no ties)."""
  order = np.argsort(-np.asarray(scores, np.float64))
  hits = np.asarray(is_anomaly, bool)[order]
  precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
  return np.sum(precision[hits]) / np.sum(hits)


def check_anomaly_score(namespace, sess, printed):
  x = X_TEST.astype(np.float64)
  codes = x @ ENC_W
  residual = np.abs(x - _numpy_reconstruction(x)).sum(axis=1)
  logits = np.concatenate([x, codes], 1) @ DISC_W[:, 0] + DISC_B
  softplus = np.logaddexp(0.0, logits)
  np.testing.assert_allclose(namespace["scores"],
                             0.9 * residual + 0.1 * softplus, rtol=1e-5)
  assert namespace["auroc"] == pytest.approx(
      _numpy_auroc(namespace["scores"], Y_TEST))


def check_anomaly_detection_metrics(namespace, sess, printed):
  scores, is_anomaly = [0.1, 0.4, 0.35, 0.8], [False, False, True, True]
  metrics = namespace["metrics"]
  assert metrics["auroc"] == pytest.approx(_numpy_auroc(scores, is_anomaly))
  assert metrics["auroc"] == pytest.approx(0.75)
  assert metrics["auprc"] == pytest.approx(
      _numpy_average_precision(scores, is_anomaly))
  assert metrics["auprc"] == pytest.approx(0.5 + 1.0 / 3.0)


def _numpy_distances(samples, centers):
  samples, centers = np.asarray(samples), np.asarray(centers)
  return np.linalg.norm(samples[:, None, :] - centers[None, :, :], axis=-1)


def check_high_quality_fraction(namespace, sess, printed):
  distances = _numpy_distances(namespace["samples"], namespace["centers"])
  expected = np.mean(distances.min(axis=1) <= 3 * 0.1)
  assert namespace["fraction"] == pytest.approx(expected)
  assert expected == 0.5


def check_modes_covered(namespace, sess, printed):
  samples = [[0.1, 0.0], [5.0, 5.0]]
  distances = _numpy_distances(samples, namespace["centers"])
  near = distances.min(axis=1) <= 3 * 0.05
  expected = len(set(np.argmin(distances, axis=1)[near]))
  assert namespace["covered"] == expected == 1


def _numpy_inception_score(probs):
  probs = np.asarray(probs, np.float64)
  marginal = probs.mean(axis=0)
  with np.errstate(divide="ignore", invalid="ignore"):
    terms = np.where(probs > 0, probs * np.log(probs / marginal), 0.0)
  return np.exp(terms.sum(axis=1).mean())


def check_inception_style_score(namespace, sess, printed):
  # Closed forms: K = 2 for certain, evenly used classes; 1 for identical
  # rows. The third against the formula in NumPy.
  assert namespace["certain"] == pytest.approx(2.0)
  assert namespace["undecided"] == pytest.approx(1.0)
  expected = _numpy_inception_score([[0.9, 0.1], [0.2, 0.8]])
  assert namespace["between"] == pytest.approx(expected)
  assert 1.0 < expected < 2.0


def check_linear_probe_accuracy(namespace, sess, printed):
  # The training set is symmetric under x -> -x, 0 <-> 1, so the fitted
  # boundary is 0: the probe predicts 1 exactly for the positive features.
  test_features = np.array([[-3.0], [3.0], [0.5]])
  test_labels = np.array([0, 1, 0])
  expected = np.mean((test_features[:, 0] > 0).astype(int) == test_labels)
  assert namespace["accuracy"] == pytest.approx(expected)
  assert expected == pytest.approx(2.0 / 3.0)


def check_nearest_neighbor_accuracy(namespace, sess, printed):
  # Test points 1 and 4 are nearer 0 (label 0), 6 nearer 10 (label 1).
  predicted = np.array([0, 1, 0])
  assert namespace["accuracy"] == pytest.approx(
      np.mean(predicted == np.array([0, 1, 1])))


def check_frechet_distance(namespace, sess, printed):
  # Mean shift (3, 3): 18; standard deviations 1 and 2 on 2 axes: 2.
  assert namespace["distance"] == pytest.approx(20.0, rel=0.05)


def check_mixture_class_probabilities(namespace, sess, printed):
  near = np.exp(0.0) / (np.exp(0.0) + np.exp(-2.0))  # exp(-||x-mu||^2 / 2)
  np.testing.assert_allclose(namespace["probs"],
                             [[0.5, 0.5], [near, 1.0 - near]], rtol=1e-12)


def check_reconstruct(namespace, sess, printed):
  # Each row's mean, twice: (1 + 3) / 2 = 2 and (2 + 2) / 2 = 2.
  np.testing.assert_array_equal(namespace["x_rec"], [[2.0, 2.0], [2.0, 2.0]])


def check_reconstruction_error(namespace, sess, printed):
  x = X_TEST.astype(np.float64)
  expected = np.mean((x - _numpy_reconstruction(x)) ** 2)
  assert namespace["mse"] == pytest.approx(expected, rel=1e-5)


def check_reconstruction_label_accuracy(namespace, sess, printed):
  x = np.array([0.0, 1.0, 2.0, 3.0])
  predicted = (x + 0.6 > 1.5).astype(int)
  expected = np.mean(predicted == np.array([0, 0, 1, 1]))
  assert namespace["accuracy"] == pytest.approx(expected)
  assert expected == 0.75


def setup_dataset_from_arrays(namespace, tmp_path):
  """The example's free names: a BiGAN whose x_ph the dataset feeds."""
  x_ph = tf1.placeholder(tf.float32, [100, 4])
  z_ph = tf1.placeholder(tf.float32, [100, 2])
  with tf1.variable_scope("Gen"):
    xf = _gen_data(z_ph)
    zf = _gen_latent(x_ph)
  namespace.update(
      dataset_from_arrays=ed.util.data_pipeline.dataset_from_arrays,
      x_train=np.random.RandomState(0).rand(250, 4).astype(np.float32),
      x_ph=x_ph, z_ph=z_ph, xf=xf, zf=zf, discriminator=_discriminator)


def check_dataset_from_arrays(namespace, sess, printed):
  # Batches of 100 rows of x_train's 4 columns, and the inference draws
  # x_ph from them: an update needs only z fed.
  assert namespace["dataset"].element_spec.shape.as_list() == [100, 4]
  inference = namespace["inference"]
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  info = inference.update({namespace["z_ph"]: np.zeros((100, 2), np.float32)})
  assert info["t"] == 1
  assert np.isfinite(info["loss"]) and np.isfinite(info["loss_d"])


# owner -> (setup, check)
CHECKS = {
    "ed.BiGANInference": (setup_bigan, check_bigan),
    "ed.GANInference": (setup_gan, check_gan),
    "ed.WGANInference": (setup_gan, check_gan),
    "ed.ImplicitKLqp": (None, check_implicit_klqp),
    "ed.Inference": (None, check_inference),
    "ed.Progbar": (None, check_progbar),
    "ed.RandomVariable": (None, check_random_variable),
    "ed.RandomVariable.eval": (None, check_eval),
    "ed.get_ancestors": (None, check_own_assertions),
    "ed.get_variables": (None, check_own_assertions),
    "ed.copy": (None, check_copy),
    "ed.dot": (None, check_dot),
    "edward_lite.datasets.generator": (setup_generator, check_generator),
    "edward_lite.util.data_pipeline.dataset_from_arrays": (
        setup_dataset_from_arrays, check_dataset_from_arrays),
    "ed.criticisms.anomaly_detection_metrics": (
        None, check_anomaly_detection_metrics),
    "ed.criticisms.anomaly_score": (setup_linear_bigan, check_anomaly_score),
    "ed.criticisms.frechet_distance": (None, check_frechet_distance),
    "ed.criticisms.high_quality_fraction": (None, check_high_quality_fraction),
    "ed.criticisms.inception_style_score": (None, check_inception_style_score),
    "ed.criticisms.linear_probe_accuracy": (None, check_linear_probe_accuracy),
    "ed.criticisms.mixture_class_probabilities": (
        None, check_mixture_class_probabilities),
    "ed.criticisms.modes_covered": (None, check_modes_covered),
    "ed.criticisms.nearest_neighbor_accuracy": (
        None, check_nearest_neighbor_accuracy),
    "ed.criticisms.reconstruct": (None, check_reconstruct),
    "ed.criticisms.reconstruction_error": (
        setup_linear_bigan, check_reconstruction_error),
    "ed.criticisms.reconstruction_label_accuracy": (
        None, check_reconstruction_label_accuracy),
}
CHECKS.update({
    "ed.models." + name: (None, functools.partial(check_model, name))
    for name in random_variables.__all__})

COLLECTED = collect()
CASES = [(owner, index) for owner in sorted(COLLECTED)
         for index in range(len(COLLECTED[owner]))]


def test_every_example_has_a_check():
  assert sorted(COLLECTED) == sorted(CHECKS)


def test_every_model_class_shows_one_example_of_its_own():
  # TFP's examples (for tfd.*) are left out of the quoted docstrings; what
  # remains under "#### Examples" is the class's own, run like any other.
  for name in random_variables.__all__:
    blocks = COLLECTED["ed.models." + name]
    assert len(blocks) == 1, name
    assert blocks[0].startswith("x = {}(".format(name)), name
    assert "tfd." not in blocks[0], name


@pytest.mark.parametrize("owner,index", CASES,
                         ids=["{}-{}".format(o, i) for o, i in CASES])
def test_example_runs_and_does_what_it_shows(owner, index, tmp_path):
  setup, check = CHECKS[owner]
  block = COLLECTED[owner][index]
  with test_util.fresh_session(seed=0) as sess:
    namespace = base_namespace()
    if setup is not None:
      setup(namespace, tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
      exec(compile(block, "<{} example>".format(owner), "exec"), namespace)  # pylint: disable=exec-used
    check(namespace, sess, printed.getvalue())
