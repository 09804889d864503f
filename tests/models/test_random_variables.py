"""Tests of the generated random variable classes against closed forms."""

import inspect

import numpy as np
import pytest
from scipy import special, stats

from edward_lite import models
from edward_lite._tf import tf, tf1, tfd
from edward_lite.models import random_variables

__all__ = []

_RV_KEYWORDS = ["validate_args", "allow_nan_stats", "name", "sample_shape",
                "value", "collections"]

_CLASS_NAMES = [
    "Bernoulli", "Beta", "Binomial", "Categorical", "Chi2", "Dirichlet",
    "Empirical", "Exponential", "Gamma", "InverseGamma", "Laplace",
    "Multinomial", "MultivariateNormalDiag", "MultivariateNormalTriL",
    "Normal", "PointMass", "Poisson", "Uniform",
]

_P3 = np.array([0.2, 0.3, 0.5])
_SCALE_TRIL = np.array([[1.0, 0.0], [0.5, 2.0]], dtype=np.float32)

# (class, positional args, keyword args, value, log_prob, mean); positional
# args check Edward's (TensorFlow 1.7's) argument order.
_CASES = [
    ("Bernoulli", (), {"probs": 0.3}, 1, np.log(0.3), 0.3),
    ("Bernoulli", (np.float32(special.logit(0.3)),), {}, 0, np.log(0.7), 0.3),
    ("Beta", (2.0, 3.0), {}, 0.4, stats.beta.logpdf(0.4, 2, 3), 0.4),
    ("Binomial", (5.0,), {"probs": 0.3}, 2.0,
     stats.binom.logpmf(2, 5, 0.3), 1.5),
    ("Categorical", (np.log(_P3).astype(np.float32),), {}, 2, np.log(0.5),
     None),
    ("Categorical", (), {"probs": _P3.astype(np.float32)}, 1, np.log(0.3),
     None),
    ("Chi2", (3.0,), {}, 1.5, stats.chi2.logpdf(1.5, 3), 3.0),
    ("Dirichlet", ([1.0, 2.0, 3.0],), {}, _P3.astype(np.float32),
     stats.dirichlet.logpdf(_P3, [1.0, 2.0, 3.0]), np.array([1, 2, 3]) / 6),
    ("Empirical", (), {"params": [[1.0, 2.0], [3.0, 4.0], [5.0, 9.0]]},
     [3.0, 4.0], np.log(1 / 3), [3.0, 5.0]),
    ("Exponential", (2.0,), {}, 0.7, stats.expon.logpdf(0.7, scale=0.5), 0.5),
    ("Gamma", (3.0, 2.0), {}, 1.2, stats.gamma.logpdf(1.2, 3, scale=0.5), 1.5),
    ("InverseGamma", (3.0, 2.0), {}, 1.2,
     stats.invgamma.logpdf(1.2, 3, scale=2.0), 1.0),
    ("Laplace", (1.0, 2.0), {}, 0.3, stats.laplace.logpdf(0.3, 1, 2), 1.0),
    ("Multinomial", (4.0,), {"probs": _P3.astype(np.float32)},
     [1.0, 1.0, 2.0], stats.multinomial.logpmf([1, 1, 2], 4, _P3), 4 * _P3),
    ("MultivariateNormalDiag", ([1.0, 2.0], [0.5, 2.0]), {}, [0.0, 1.0],
     stats.multivariate_normal.logpdf([0, 1], [1, 2], np.diag([0.25, 4.0])),
     [1.0, 2.0]),
    ("MultivariateNormalTriL", ([1.0, 2.0], _SCALE_TRIL), {}, [0.0, 1.0],
     stats.multivariate_normal.logpdf([0, 1], [1, 2],
                                      _SCALE_TRIL @ _SCALE_TRIL.T),
     [1.0, 2.0]),
    ("Normal", (1.0, 2.0), {}, 0.3, stats.norm.logpdf(0.3, 1, 2), 1.0),
    ("PointMass", ([1.0, 2.0],), {}, [1.0, 2.0], 0.0, [1.0, 2.0]),
    ("Poisson", (3.0,), {}, 2.0, stats.poisson.logpmf(2, 3), 3.0),
    ("Poisson", (), {"log_rate": np.log(3.0).astype(np.float32)}, 2.0,
     stats.poisson.logpmf(2, 3), 3.0),
    ("Uniform", (1.0, 3.0), {}, 2.0, np.log(0.5), 2.0),
    ("Uniform", (), {}, 0.25, 0.0, 0.5),
]


def _case_id(case):
  return case[0]


@pytest.mark.parametrize("case", _CASES, ids=_case_id)
def test_log_prob_and_mean_match_closed_form(sess, case):
  name, args, kwargs, value, log_prob, mean = case
  rv = getattr(models, name)(*args, **kwargs)
  assert isinstance(rv, models.RandomVariable)
  np.testing.assert_allclose(sess.run(rv.log_prob(value)), log_prob,
                             rtol=1e-5)
  if mean is not None:
    np.testing.assert_allclose(sess.run(rv.mean()), mean, rtol=1e-5)


@pytest.mark.parametrize("case", _CASES, ids=_case_id)
def test_value_argument_is_its_tensor(sess, case):
  name, args, kwargs, value, log_prob, _ = case
  rv = getattr(models, name)(*args, value=value, **kwargs)
  fetched = sess.run(rv)
  np.testing.assert_allclose(fetched, value, rtol=1e-6)
  assert rv.value().dtype == rv.dtype
  np.testing.assert_allclose(sess.run(rv.log_prob(rv)), log_prob, rtol=1e-5)


# (class, keyword args with a batch of 2, event shape).
_BATCHED = [
    ("Bernoulli", {"probs": [0.2, 0.7]}, ()),
    ("Beta", {"concentration1": [1.0, 2.0], "concentration0": 2.0}, ()),
    ("Binomial", {"total_count": 5.0, "probs": [0.2, 0.7]}, ()),
    ("Categorical", {"probs": np.stack([_P3, _P3])}, ()),
    ("Chi2", {"df": [1.0, 2.0]}, ()),
    ("Dirichlet", {"concentration": [[1.0, 2.0, 3.0]] * 2}, (3,)),
    ("Exponential", {"rate": [1.0, 2.0]}, ()),
    ("Gamma", {"concentration": [1.0, 2.0], "rate": 1.0}, ()),
    ("InverseGamma", {"concentration": [1.0, 2.0], "rate": 1.0}, ()),
    ("Laplace", {"loc": [0.0, 1.0], "scale": 1.0}, ()),
    ("Multinomial", {"total_count": 3.0, "probs": np.stack([_P3, _P3])}, (3,)),
    ("MultivariateNormalDiag", {"loc": np.zeros([2, 4], np.float32)}, (4,)),
    ("MultivariateNormalTriL",
     {"loc": np.zeros([2, 2], np.float32), "scale_tril": _SCALE_TRIL}, (2,)),
    ("Normal", {"loc": [0.0, 1.0], "scale": 1.0}, ()),
    ("Poisson", {"rate": [1.0, 2.0]}, ()),
    ("Uniform", {"low": [0.0, 1.0], "high": 2.0}, ()),
]


@pytest.mark.parametrize("name, kwargs, event_shape", _BATCHED,
                         ids=[case[0] for case in _BATCHED])
def test_shape_is_sample_batch_event(sess, name, kwargs, event_shape):
  rv = getattr(models, name)(sample_shape=[3, 5], **kwargs)
  assert rv.batch_shape == tf.TensorShape([2])
  assert rv.event_shape == tf.TensorShape(event_shape)
  expected = (3, 5, 2) + event_shape
  assert tuple(rv.shape.as_list()) == expected
  assert sess.run(rv).shape == expected


@pytest.mark.parametrize("name, params, batch_shape, event_shape", [
    ("PointMass", np.zeros([5, 2, 3]), (), (5, 2, 3)),
    ("PointMass", 28.3, (), ()),
    ("Empirical", np.zeros([5, 2, 3]), (), (2, 3)),
    ("Empirical", np.zeros(100), (), ()),
    ("Empirical", 7.0, (), ()),
])
def test_params_shapes_as_in_edward(sess, name, params, batch_shape,
                                    event_shape):
  rv = getattr(models, name)(params=tf.constant(params, tf.float32))
  assert (rv.batch_shape, rv.event_shape) == (
      tf.TensorShape(batch_shape), tf.TensorShape(event_shape))
  assert sess.run(rv).shape == event_shape
  np.testing.assert_allclose(sess.run(rv.params), params)


def test_point_mass_is_a_point(sess):
  rv = models.PointMass(params=[1.0, 2.0], sample_shape=3)
  draws, stddev, log_probs = sess.run(
      [rv, rv.stddev(), rv.log_prob([[1.0, 2.0], [1.0, 2.5]])])
  np.testing.assert_array_equal(draws, [[1.0, 2.0]] * 3)
  np.testing.assert_array_equal(stddev, [0.0, 0.0])
  np.testing.assert_array_equal(log_probs, [0.0, -np.inf])
  assert isinstance(rv.distribution.distribution, tfd.Deterministic)


def test_empirical_draws_its_samples(sess):
  params = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 9.0]], np.float32)
  rv = models.Empirical(params, sample_shape=200)
  draws, n, stddev = sess.run([rv, rv.n, rv.stddev()])
  assert n == 3
  assert {tuple(draw) for draw in draws} == {tuple(row) for row in params}
  np.testing.assert_allclose(stddev, params.std(0), rtol=1e-5)


def test_empirical_needs_params_of_known_rank(sess):
  with pytest.raises(ValueError, match=(
      r"^Empirical needs `params` of known rank: its outer dimension indexes "
      r"the samples and the rest is the event shape.$")):
    models.Empirical(params=tf1.placeholder(tf.float32))


def test_inverse_gamma_rate_is_tfp_scale(sess):
  rv = models.InverseGamma(concentration=3.0, rate=2.0)
  assert isinstance(rv.distribution, tfd.InverseGamma)
  assert sess.run(rv.distribution.scale) == 2.0


@pytest.mark.parametrize("kwargs, stddev", [
    ({"loc": [0.0, 0.0, 0.0], "scale_identity_multiplier": 2.0}, [2.0] * 3),
    ({"loc": [0.0, 0.0], "scale_diag": [1.0, 3.0],
      "scale_identity_multiplier": 0.5}, [1.5, 3.5]),
    ({"loc": [0.0, 0.0], "scale_diag": [1.0, 3.0]}, [1.0, 3.0]),
    ({"loc": [0.0, 0.0]}, [1.0, 1.0]),
])
def test_mvn_diag_scale_identity_multiplier(sess, kwargs, stddev):
  rv = models.MultivariateNormalDiag(**kwargs)
  np.testing.assert_allclose(sess.run(rv.stddev()), stddev, rtol=1e-6)


def test_mvn_diag_multiplier_alone_raises(sess):
  with pytest.raises(ValueError, match=(
      r"^MultivariateNormalDiag needs `loc` or `scale_diag` to know the event "
      r"size of `scale_identity_multiplier`.$")):
    models.MultivariateNormalDiag(scale_identity_multiplier=2.0)


@pytest.mark.parametrize("name, arguments", [
    ("Bernoulli", ["logits", "probs", "dtype"]),
    ("Beta", ["concentration1", "concentration0"]),
    ("Categorical", ["logits", "probs", "dtype"]),
    ("Dirichlet", ["concentration"]),
    ("Empirical", ["params"]),
    ("Gamma", ["concentration", "rate"]),
    ("InverseGamma", ["concentration", "rate"]),
    ("MultivariateNormalDiag",
     ["loc", "scale_diag", "scale_identity_multiplier"]),
    ("Normal", ["loc", "scale"]),
    ("PointMass", ["params"]),
    ("Uniform", ["low", "high"]),
])
def test_signature_has_edwards_arguments(name, arguments):
  signature = inspect.signature(getattr(models, name))
  assert list(signature.parameters) == arguments + _RV_KEYWORDS
  assert signature.parameters["name"].default == name
  assert signature.parameters["sample_shape"].kind == (
      inspect.Parameter.KEYWORD_ONLY)


def test_uniform_defaults_are_unit_interval():
  parameters = inspect.signature(models.Uniform).parameters
  assert (parameters["low"].default, parameters["high"].default) == (0.0, 1.0)


def test_wrong_call_raises_before_building(sess):
  with pytest.raises(TypeError, match=r"^missing a required argument: 'scale'$"):
    models.Normal(0.0)
  with pytest.raises(TypeError,
                     match=r"^got an unexpected keyword argument 'mu'$"):
    models.Normal(0.0, 1.0, mu=0.0)
  assert sess.graph.get_operations() == []


@pytest.mark.parametrize("name, support", [
    ("Bernoulli", "binary"), ("Beta", "01"), ("Binomial", "onehot"),
    ("Categorical", "categorical"), ("Chi2", "nonnegative"),
    ("Dirichlet", "simplex"), ("Empirical", "points"),
    ("Exponential", "nonnegative"), ("Gamma", "nonnegative"),
    ("InverseGamma", "nonnegative"), ("Laplace", "real"),
    ("Multinomial", "onehot"), ("MultivariateNormalDiag", "multivariate_real"),
    ("Normal", "real"), ("PointMass", "point"), ("Poisson", "countable"),
])
def test_support_as_in_edward(name, support):
  assert getattr(models, name).support == support


@pytest.mark.parametrize("name", ["Uniform", "MultivariateNormalTriL"])
def test_no_support_where_edward_had_none(name):
  with pytest.raises(AttributeError, match=(
      r"^type object '{}' has no attribute 'support'$".format(name))):
    getattr(getattr(models, name), "support")


@pytest.mark.parametrize("name", _CLASS_NAMES)
def test_class_docstring_and_export(name):
  rv_class = getattr(models, name)
  assert issubclass(rv_class, models.RandomVariable)
  assert rv_class.__module__ == "edward_lite.models.random_variables"
  assert rv_class.__doc__.startswith(
      "Edward random variable `{}`, wrapping `tfp.distributions.".format(name))
  tfp_class = random_variables._ENTRIES[_CLASS_NAMES.index(name)].distribution
  tfp_doc = inspect.cleandoc(tfp_class.__doc__)
  # TFP's text is quoted up to its own examples, which are left out.
  tfp_text, _, tfp_examples = tfp_doc.partition("\n#### Examples\n")
  assert tfp_text.strip() in rv_class.__doc__
  if tfp_examples:
    assert tfp_examples.strip() not in rv_class.__doc__
    assert ("TFP's own examples of `{0}` are on [its page](https://www."
            "tensorflow.org/probability/api_docs/python/tfp/distributions/"
            "{0}).".format(tfp_class.__name__)) in rv_class.__doc__
  # One examples section, the class's own, last.
  assert rv_class.__doc__.count("#### Examples") == 1
  _, _, own_examples = rv_class.__doc__.partition("#### Examples")
  assert "```python\nx = {}(".format(name) in own_examples
  assert "####" not in own_examples


def test_every_class_is_exported():
  assert [entry.name for entry in random_variables._ENTRIES] == _CLASS_NAMES
  assert random_variables.__all__ == _CLASS_NAMES
  assert set(models.__all__) == set(
      _CLASS_NAMES + ["RandomVariable", "RANDOM_VARIABLE_COLLECTION"])
