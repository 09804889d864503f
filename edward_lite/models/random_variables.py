"""The concrete random variable classes, generated from one curated list.

Edward 1 generated one class per `tf.contrib.distributions` class, so a
class took its distribution's arguments in the distribution's order.
Those orders and names are the contract legacy code was written against
(TensorFlow 1.7's); TFP has since reordered some arguments, added others
and renamed a few. `_ENTRIES` keeps, per class, Edward's arguments with
their defaults and the TFP distribution they build; `_make_class` turns
each entry into a `RandomVariable` subclass with an inspectable
signature and its distribution's docstring, whose TFP examples are
replaced by one of its own, made from `_EXAMPLES`.
"""

import collections
import inspect

from edward_lite._tf import tf, tf1, tfd
from edward_lite.models.random_variable import RandomVariable

__all__ = [
    "Bernoulli", "Beta", "Binomial", "Categorical", "Chi2", "Dirichlet",
    "Empirical", "Exponential", "Gamma", "InverseGamma", "Laplace",
    "Multinomial", "MultivariateNormalDiag", "MultivariateNormalTriL",
    "Normal", "PointMass", "Poisson", "Uniform",
]

_REQUIRED = inspect.Parameter.empty


def _build_with_renames(renames=None):
  """A builder passing Edward's arguments on, renamed to TFP's names."""
  renames = renames or {}

  def build(distribution_class, random_variable, arguments):
    del random_variable  # Plain distributions keep nothing on the RV.
    return distribution_class(
        **{renames.get(key, key): value for key, value in arguments.items()})
  return build


def _params_tensor(arguments):
  """Edward's `params`, as a tensor made under the RV's name scope."""
  with tf1.name_scope(arguments["name"]):
    return tf.convert_to_tensor(arguments["params"], name="params")


def _build_point_mass(distribution_class, random_variable, arguments):
  # Edward's PointMass had batch shape () and event shape params.shape;
  # TFP's Deterministic puts params.shape in the batch, so reinterpret it.
  params = _params_tensor(arguments)
  random_variable._params = params  # pylint: disable=protected-access
  rank = params.shape.ndims
  point = distribution_class(
      loc=params, validate_args=arguments["validate_args"],
      allow_nan_stats=arguments["allow_nan_stats"], name=arguments["name"])
  return tfd.Independent(
      point, reinterpreted_batch_ndims=tf.rank(params) if rank is None else rank,
      validate_args=arguments["validate_args"], name=arguments["name"])


def _build_empirical(distribution_class, random_variable, arguments):
  params = _params_tensor(arguments)
  random_variable._params = params  # pylint: disable=protected-access
  rank = params.shape.ndims
  if rank is None:
    raise ValueError(
        "Empirical needs `params` of known rank: its outer dimension indexes "
        "the samples and the rest is the event shape.")
  # Edward read a scalar `params` as one sample of a scalar.
  samples = params[None] if rank == 0 else params
  random_variable._n = tf.shape(samples)[0]  # pylint: disable=protected-access
  return distribution_class(
      samples=samples, event_ndims=max(rank - 1, 0),
      validate_args=arguments["validate_args"],
      allow_nan_stats=arguments["allow_nan_stats"], name=arguments["name"])


def _build_mvn_diag(distribution_class, random_variable, arguments):
  # TensorFlow 1.7 took scale = diag(scale_diag + scale_identity_multiplier),
  # or multiplier * identity without scale_diag; TFP dropped the multiplier.
  del random_variable
  arguments = dict(arguments)
  multiplier = arguments.pop("scale_identity_multiplier")
  if multiplier is not None:
    loc, scale_diag = arguments["loc"], arguments["scale_diag"]
    multiplier = tf.convert_to_tensor(multiplier)[..., None]
    if scale_diag is not None:
      arguments["scale_diag"] = tf.convert_to_tensor(scale_diag) + multiplier
    elif loc is not None:
      loc = tf.convert_to_tensor(loc)
      arguments["scale_diag"] = multiplier * tf.ones_like(loc)
    else:
      raise ValueError(
          "MultivariateNormalDiag needs `loc` or `scale_diag` to know the "
          "event size of `scale_identity_multiplier`.")
  return distribution_class(**arguments)


_Entry = collections.namedtuple(
    "_Entry", ["name", "distribution", "arguments", "support", "build",
               "attributes", "renames"])


def _entry(name, distribution, arguments, support=None, build=None,
           attributes=(), renames=None):
  """One class of the list; `arguments` are Edward's, before the common tail.

  Args:
    name: str. The class name Edward used.
    distribution: type. The TFP distribution class built.
    arguments: tuple of (str, default) pairs, `_REQUIRED` for no default.
    support: str or None. Edward's `support` class attribute.
    build: callable (distribution, random_variable, arguments) ->
      distribution; defaults to passing the arguments on, renamed.
    attributes: tuple of str. Read-only attributes kept on the random
      variable (`params` of PointMass and Empirical).
    renames: dict. Edward argument name -> TFP argument name.

  Returns:
    _Entry.
  """
  return _Entry(name, distribution, tuple(arguments), support,
                build or _build_with_renames(renames), tuple(attributes),
                renames or {})


_LOGITS_PROBS = (("logits", None), ("probs", None))

# Edward 1.3.5 on TensorFlow 1.7: names, positional order, defaults, support.
_ENTRIES = (
    _entry("Bernoulli", tfd.Bernoulli,
           _LOGITS_PROBS + (("dtype", tf.int32),), support="binary"),
    _entry("Beta", tfd.Beta,
           (("concentration1", None), ("concentration0", None)),
           support="01"),
    _entry("Binomial", tfd.Binomial,
           (("total_count", _REQUIRED),) + _LOGITS_PROBS, support="onehot"),
    _entry("Categorical", tfd.Categorical,
           _LOGITS_PROBS + (("dtype", tf.int32),), support="categorical"),
    _entry("Chi2", tfd.Chi2, (("df", _REQUIRED),), support="nonnegative"),
    _entry("Dirichlet", tfd.Dirichlet, (("concentration", _REQUIRED),),
           support="simplex"),
    _entry("Empirical", tfd.Empirical, (("params", _REQUIRED),),
           support="points", build=_build_empirical,
           attributes=("params", "n"), renames={"params": "samples"}),
    _entry("Exponential", tfd.Exponential, (("rate", _REQUIRED),),
           support="nonnegative"),
    _entry("Gamma", tfd.Gamma,
           (("concentration", _REQUIRED), ("rate", _REQUIRED)),
           support="nonnegative"),
    # TensorFlow 1.7 called InverseGamma's scale parameter `rate`.
    _entry("InverseGamma", tfd.InverseGamma,
           (("concentration", _REQUIRED), ("rate", _REQUIRED)),
           support="nonnegative", renames={"rate": "scale"}),
    _entry("Laplace", tfd.Laplace, (("loc", _REQUIRED), ("scale", _REQUIRED)),
           support="real"),
    _entry("Multinomial", tfd.Multinomial,
           (("total_count", _REQUIRED),) + _LOGITS_PROBS, support="onehot"),
    _entry("MultivariateNormalDiag", tfd.MultivariateNormalDiag,
           (("loc", None), ("scale_diag", None),
            ("scale_identity_multiplier", None)),
           support="multivariate_real", build=_build_mvn_diag),
    _entry("MultivariateNormalTriL", tfd.MultivariateNormalTriL,
           (("loc", None), ("scale_tril", None))),
    _entry("Normal", tfd.Normal, (("loc", _REQUIRED), ("scale", _REQUIRED)),
           support="real"),
    _entry("PointMass", tfd.Deterministic, (("params", _REQUIRED),),
           support="point", build=_build_point_mass,
           attributes=("params",), renames={"params": "loc"}),
    _entry("Poisson", tfd.Poisson, (("rate", None), ("log_rate", None)),
           support="countable"),
    _entry("Uniform", tfd.Uniform, (("low", 0.0), ("high", 1.0))),
)

# Each class's docstring example: Edward-style constructor arguments, the
# shape of a sample_shape=[3] random variable (sample_shape + batch_shape
# + event_shape), and a statistic with its closed-form value, which
# tests/docs/test_docstring_examples.py checks against NumPy.
_Example = collections.namedtuple(
    "_Example", ["arguments", "shape", "statistic", "value"])

_EXAMPLES = {
    "Bernoulli": _Example((("probs", 0.3),), (3,), "mean", 0.3),
    "Beta": _Example((("concentration1", 2.0), ("concentration0", 3.0)),
                     (3,), "mean", 0.4),
    "Binomial": _Example((("total_count", 4.0), ("probs", 0.25)), (3,),
                         "mean", 1.0),
    "Categorical": _Example((("probs", [0.2, 0.8]),), (3,), "mean", 0.8),
    "Chi2": _Example((("df", 3.0),), (3,), "mean", 3.0),
    "Dirichlet": _Example((("concentration", [1.0, 3.0]),), (3, 2), "mean",
                          [0.25, 0.75]),
    "Empirical": _Example((("params", [1.0, 2.0, 6.0]),), (3,), "mean", 3.0),
    "Exponential": _Example((("rate", 2.0),), (3,), "mean", 0.5),
    "Gamma": _Example((("concentration", 3.0), ("rate", 2.0)), (3,), "mean",
                      1.5),
    # Edward's `rate` is TFP's `scale`: the mean is rate / (concentration - 1).
    "InverseGamma": _Example((("concentration", 3.0), ("rate", 2.0)), (3,),
                             "mean", 1.0),
    "Laplace": _Example((("loc", -1.0), ("scale", 2.0)), (3,), "mean", -1.0),
    "Multinomial": _Example((("total_count", 4.0), ("probs", [0.25, 0.75])),
                            (3, 2), "mean", [1.0, 3.0]),
    "MultivariateNormalDiag": _Example(
        (("loc", [1.0, -1.0]), ("scale_diag", [1.0, 2.0])), (3, 2), "mean",
        [1.0, -1.0]),
    "MultivariateNormalTriL": _Example(
        (("loc", [0.0, 2.0]), ("scale_tril", [[1.0, 0.0], [0.5, 1.0]])),
        (3, 2), "covariance", [[1.0, 0.5], [0.5, 1.25]]),
    "Normal": _Example((("loc", 1.0), ("scale", 2.0)), (3,), "mean", 1.0),
    "PointMass": _Example((("params", [1.0, 2.0]),), (3, 2), "mean",
                          [1.0, 2.0]),
    "Poisson": _Example((("rate", 4.0),), (3,), "mean", 4.0),
    "Uniform": _Example((("low", 1.0), ("high", 3.0)), (3,), "mean", 2.0),
}

_EXAMPLE_TEMPLATE = """\
```python
x = {name}({arguments}, sample_shape=[3])
x.shape  # {shape}: sample_shape + batch_shape + event_shape
sess = ed.get_session()
draws = sess.run(x)  # a NumPy array of that shape
{statistic} = sess.run(x.{statistic}())  # {value}
```"""

_TFP_PAGE = ("https://www.tensorflow.org/probability/api_docs/python/tfp/"
             "distributions/{}")

_POSITIONAL = inspect.Parameter.POSITIONAL_OR_KEYWORD
_KEYWORD_ONLY = inspect.Parameter.KEYWORD_ONLY


def _distribution_signature(entry):
  """Edward's distribution arguments, then validate_args, allow_nan_stats, name."""
  arguments = entry.arguments + (
      ("validate_args", False), ("allow_nan_stats", True), ("name", entry.name))
  return inspect.Signature(
      [inspect.Parameter(name, _POSITIONAL, default=default)
       for name, default in arguments])


def _init_signature(distribution_signature):
  """The constructor's signature: self, the distribution's, RV keywords."""
  random_variable_keywords = [
      inspect.Parameter("sample_shape", _KEYWORD_ONLY, default=()),
      inspect.Parameter("value", _KEYWORD_ONLY, default=None),
      inspect.Parameter("collections", _KEYWORD_ONLY, default=None),
  ]
  return inspect.Signature(
      [inspect.Parameter("self", _POSITIONAL)] +
      list(distribution_signature.parameters.values()) +
      random_variable_keywords)


def _without_examples(docstring):
  """`docstring` without its "#### Examples" section, and whether it had one.

  A heading is a "#### " line outside a fenced block: the "# ..." comments
  in TFP's code blocks are not headings.

  Args:
    docstring: str. A TFP distribution's docstring.

  Returns:
    (str, bool). The text, dedented, and whether a section was removed.
  """
  kept = []
  in_fence = in_examples = removed = False
  for line in inspect.cleandoc(docstring or "").split("\n"):
    if line.startswith("```"):
      in_fence = not in_fence
    elif not in_fence and line.startswith("#### "):
      in_examples = line.strip() == "#### Examples"
      removed = removed or in_examples
    if not in_examples:
      kept.append(line)
  return "\n".join(kept).strip(), removed


def _examples_section(entry, tfp_had_examples):
  """"#### Examples": the class's own, from its row of `_EXAMPLES`.

  TFP's examples are written for `tfd.*`, not for Edward's signatures,
  and several do not run as printed; a note links to them instead.
  """
  example = _EXAMPLES[entry.name]
  arguments = ", ".join("{}={!r}".format(name, value)
                        for name, value in example.arguments)
  note = ""
  if tfp_had_examples:
    note = "TFP's own examples of `{0}` are on [its page]({1}).\n\n".format(
        entry.distribution.__name__,
        _TFP_PAGE.format(entry.distribution.__name__))
  return "#### Examples\n\n" + note + _EXAMPLE_TEMPLATE.format(
      name=entry.name, arguments=arguments, shape=list(example.shape),
      statistic=example.statistic, value=example.value)


def _class_docstring(entry):
  tfp_name = "tfp.distributions.{}".format(entry.distribution.__name__)
  renamed = "".join(
      "\n\nEdward's `{}` is `{}`'s `{}`.".format(edward, tfp_name, tfp)
      for edward, tfp in sorted(entry.renames.items()))
  tfp_text, tfp_had_examples = _without_examples(entry.distribution.__doc__)
  return "Edward random variable `{}`, wrapping `{}`.{}\n\n{}\n\n{}".format(
      entry.name, tfp_name, renamed, tfp_text,
      _examples_section(entry, tfp_had_examples))


def _init_docstring(entry):
  tfp_name = "tfp.distributions.{}".format(entry.distribution.__name__)
  argument_lines = "".join(
      "\n  {}: See `{}` (argument `{}`).".format(
          name, tfp_name, entry.renames.get(name, name))
      for name, _ in entry.arguments)
  return """Creates a `{name}` random variable.

Args:{arguments}
  validate_args: bool. Check the parameters' validity (slower).
  allow_nan_stats: bool. Return NaN for undefined statistics instead of
    raising.
  name: str. Name scope of the random variable.
  sample_shape: tf.TensorShape, int or list of int. Shape of the draws
    that form the value. Defaults to `()`.
  value: tf.Tensor or array-like. Fixed value, used instead of a draw;
    shape `sample_shape + batch_shape + event_shape`.
  collections: list of str. Graph collections to add the random variable
    to. Defaults to `["random_variables"]`.

Raises:
  TypeError: if the arguments do not fit the signature.
  ValueError: if `value` has an incompatible shape or dtype.
""".format(name=entry.name, arguments=argument_lines)


def _stored_attribute(name):
  def getter(self):
    return getattr(self, "_" + name)
  getter.__doc__ = "Edward's `{}` of this random variable.".format(name)
  return property(getter)


def _make_class(entry):
  """A `RandomVariable` subclass for one entry of `_ENTRIES`."""
  distribution_signature = _distribution_signature(entry)
  init_signature = _init_signature(distribution_signature)

  def __init__(self, *args, **kwargs):  # pylint: disable=invalid-name
    # Binding first reports a wrong call against Edward's signature,
    # before any op is made.
    init_signature.bind(self, *args, **kwargs)
    RandomVariable.__init__(self, *args, **kwargs)

  def _make_distribution(self, *args, **kwargs):
    bound = distribution_signature.bind(*args, **kwargs)
    bound.apply_defaults()
    return entry.build(entry.distribution, self, bound.arguments)

  __init__.__signature__ = init_signature
  __init__.__doc__ = _init_docstring(entry)
  __init__.__qualname__ = entry.name + ".__init__"
  namespace = {
      "__doc__": _class_docstring(entry),
      "__init__": __init__,
      "__module__": __name__,
      "__qualname__": entry.name,
      "_make_distribution": _make_distribution,
  }
  if entry.support is not None:
    namespace["support"] = entry.support
  for attribute in entry.attributes:
    namespace[attribute] = _stored_attribute(attribute)
  return type(entry.name, (RandomVariable,), namespace)


for _entry_spec in _ENTRIES:
  globals()[_entry_spec.name] = _make_class(_entry_spec)
del _entry_spec
