"""What the upgrade tool changes, kept as data apart from the tree walk.

Every rule is keyed by a dotted name as the legacy script means it, with
aliases resolved: `tf.contrib.slim` under `import tensorflow as tf` is
`tensorflow.contrib.slim`, and `Normal` under `from edward.models import
Normal` is `edward.models.Normal`. A key matches a name equal to it or
starting with it and a dot; the longest matching key wins, so
`tensorflow.contrib.slim` beats `tensorflow.contrib`. `upgrader.py`
applies the rules; nothing here knows about syntax trees.

There are three kinds of rule:

- `Rename`: the name has a successor, `module` (something `import` can
  load) plus an optional `attribute` path inside it.
- `Removed`: the name has no successor here. The code is left exactly
  as it is and the report carries `advice`.
- `Unsupported`: an Edward name that edward_lite does not implement.
  The code is left as it is (so the enclosing `edward` -> `edward_lite`
  rename still applies) and the report carries `advice`.

The rule types are defined in `rule_types.py` and the Keras tables in
`keras_spec.py`; both are re-exported here, so `spec` is the one place
the rest of the tool reads.
"""

# pylint: disable=unused-import
from edward_lite.upgrade.keras_spec import KERAS_1_ARGUMENTS
from edward_lite.upgrade.keras_spec import KERAS_1_FIT_ARGUMENTS
from edward_lite.upgrade.keras_spec import KERAS_1_POSITIONAL_ADVICE
from edward_lite.upgrade.keras_spec import KERAS_1_POSITIONAL_CONV
from edward_lite.upgrade.keras_spec import KERAS_1_WARNINGS
from edward_lite.upgrade.keras_spec import KERAS_1_WHY
from edward_lite.upgrade.keras_spec import KERAS_LAYER_MODULES
from edward_lite.upgrade.keras_spec import STAR_SUBMODULES
from edward_lite.upgrade.keras_spec import keras_rules
from edward_lite.upgrade.package_names import public_names
from edward_lite.upgrade.rule_types import CallRename, Removed, Rename
from edward_lite.upgrade.rule_types import Unsupported
# pylint: enable=unused-import

__all__ = [
    "Rename",
    "Removed",
    "Unsupported",
    "CallRename",
    "RULES",
    "CALL_RULES",
    "IMPORT_ALIASES",
    "EDWARD_LITE_NAMES",
    "EDWARD_SUBMODULES",
    "EDWARD_1_2_ARGUMENTS",
    "ARGUMENT_RENAMES_WHY",
    "CONTRIB_DISTRIBUTION_ARGUMENTS",
    "CONTRIB_DISTRIBUTIONS_WHY",
    "KERAS_1_ARGUMENTS",
    "KERAS_1_WHY",
    "KERAS_1_WARNINGS",
    "KERAS_1_POSITIONAL_CONV",
    "KERAS_1_POSITIONAL_ADVICE",
    "KERAS_1_FIT_ARGUMENTS",
    "missing_name_advice",
    "FROM_IMPORT_MODULES",
    "GRAPH_MODE_IMPORT",
    "GRAPH_MODE_MODULES",
    "EDWARD_MODULES",
    "EXTRAS",
    "TF_SLIM_LAYERS",
    "KERAS_LAYER_MODULES",
    "STAR_SUBMODULES",
]

# The import line that puts TensorFlow in TF1 graph mode with legacy
# tf.layers; added to scripts that use TensorFlow but not Edward.
GRAPH_MODE_IMPORT = "import edward_lite  # noqa: F401  (TF1 graph mode)"

# Modules whose import means the script relies on TF1 graph mode.
GRAPH_MODE_MODULES = ("tensorflow",)

# Modules whose import already switches graph mode on.
EDWARD_MODULES = ("edward", "edward_lite")

# Modules the rewritten code can import that edward-lite's core install
# does not bring, with the extra that does (`pip install
# "edward-lite[legacy]"`; setup.py's extras_require). The report names
# the extra for each file whose new code imports one of them.
EXTRAS = {
    "tf_slim": "legacy",
}

# The local name to give a module the tool has to import itself.
IMPORT_ALIASES = {
    "tensorflow.compat.v1": "tf",
    "tensorflow_probability": "tfp",
    "tf_slim": "tf_slim",
    "edward_lite.datasets": "datasets",
    "edward_lite.layers": "ed_layers",
}

# Successors that are attributes, not modules: `import` cannot load
# `tensorflow_probability.distributions`, so `from ... import Normal`
# goes through the package that defines them.
FROM_IMPORT_MODULES = {
    "tensorflow_probability.distributions":
        "tensorflow_probability.python.distributions",
    "tensorflow_probability.bijectors":
        "tensorflow_probability.python.bijectors",
}

# Top-level names `import edward_lite as ed` provides, read from the
# package's own `__all__` so that the list cannot drift (criticisms is
# left out: Edward's held evaluate and ppc, which the tool warns about).
EDWARD_LITE_NAMES = public_names("edward_lite") - {"criticisms"}

# Submodules of Edward whose names edward_lite's module of the same name
# must have; any other name under them is warned about.
EDWARD_SUBMODULES = ("models", "util", "inferences")

# Edward 1.0-1.2 took TensorFlow 1.0's argument names; Edward 1.3
# renamed them after TensorFlow 1.1's distributions. Keyed by the class
# as those versions named it; the order of the arguments did not change.
EDWARD_1_2_ARGUMENTS = {
    "Bernoulli": {"p": "probs"},
    "Beta": {"a": "concentration1", "b": "concentration0"},
    "Binomial": {"n": "total_count", "p": "probs"},
    "Categorical": {"p": "probs"},
    "Dirichlet": {"alpha": "concentration"},
    "Exponential": {"lam": "rate"},
    "Gamma": {"alpha": "concentration", "beta": "rate"},
    "InverseGamma": {"alpha": "concentration", "beta": "rate"},
    "Multinomial": {"n": "total_count", "p": "probs"},
    "MultivariateNormalCholesky": {"mu": "loc", "chol": "scale_tril"},
    "MultivariateNormalDiag": {"mu": "loc", "diag_stdev": "scale_diag"},
    "Normal": {"mu": "loc", "sigma": "scale"},
    "Poisson": {"lam": "rate"},
    "Uniform": {"a": "low", "b": "high"},
}
# TensorFlow 1.0's tf.contrib.distributions had the same old names; TFP
# has 1.1's, except that its InverseGamma calls the old `beta` `scale`.
CONTRIB_DISTRIBUTION_ARGUMENTS = dict(
    (name, renames) for name, renames in EDWARD_1_2_ARGUMENTS.items()
    if name != "MultivariateNormalCholesky")
CONTRIB_DISTRIBUTION_ARGUMENTS["InverseGamma"] = {"alpha": "concentration",
                                                  "beta": "scale"}
CONTRIB_DISTRIBUTIONS_WHY = (
    "TensorFlow 1.1 renamed the arguments of tf.contrib.distributions "
    "(Normal(mu, sigma) became Normal(loc, scale)), and TensorFlow "
    "Probability has the new names.")
ARGUMENT_RENAMES_WHY = (
    "Edward 1.3 renamed the arguments of its random variables after "
    "TensorFlow 1.1's distributions (Normal(mu, sigma) became Normal(loc, "
    "scale)), and edward_lite takes 1.3's names.")


# tf.contrib.layers functions that tf_slim kept with the same signature
# and behaviour, and that run on this TensorFlow: tests/upgrade/
# test_slim_calls.py calls each one on a tiny input. (tf_slim's
# batch_norm and optimize_loss fail on TensorFlow 2.16+; see below.)
TF_SLIM_LAYERS = (
    "apply_regularization", "avg_pool2d", "bias_add",
    "conv2d", "conv2d_transpose", "convolution2d", "dropout", "flatten",
    "fully_connected", "group_norm", "instance_norm", "l1_l2_regularizer",
    "l1_regularizer", "l2_regularizer", "layer_norm", "linear",
    "max_pool2d", "maxout", "one_hot_encoding", "relu",
    "relu6", "repeat", "separable_conv2d", "softmax", "stack",
    "sum_regularizer", "summarize_activation", "unit_norm",
    "variance_scaling_initializer", "xavier_initializer",
    "xavier_initializer_conv2d",
)

_VARIATIONAL_ADVICE = (
    "edward_lite implements only Edward's adversarial inferences "
    "(GANInference, BiGANInference, WGANInference, ImplicitKLqp), so this "
    "line is left "
    "as it is; fit this model with TensorFlow Probability (tfp.vi) or keep "
    "it on Edward 1.3.5 with TensorFlow 1.x.")
_MONTE_CARLO_ADVICE = (
    "edward_lite has no Monte Carlo inference, so this line is left as it "
    "is; sample this model with TensorFlow Probability (tfp.mcmc) or keep "
    "it on Edward 1.3.5 with TensorFlow 1.x.")
# Edward's criticism scores a model through its likelihood; the models
# edward_lite trains have none, and edward_lite.criticisms is what it
# offers in its place.
_CRITICISM_ADVICE = (
    "edward_lite has no evaluate, ppc or ppc plots, so this line is left as "
    "it is; a GAN or BiGAN has no likelihood to score, and "
    "edward_lite.criticisms judges one by what it does instead: "
    "modes_covered and high_quality_fraction on toy mixtures, "
    "inception_style_score for sample quality, reconstruction_error and "
    "linear_probe_accuracy for the encoder, anomaly_score for anomaly "
    "detection.")
_UTIL_ADVICE = (
    "edward_lite.util keeps only the session, seed, Progbar, dict checks, "
    "graph helpers, copy and dot, so this line is left as it is; write "
    "this step with TensorFlow ops directly.")

_VARIATIONAL_NAMES = (
    "KLpq", "KLqp", "ReparameterizationKLqp", "ReparameterizationKLKLqp",
    "ReparameterizationEntropyKLqp", "ScoreKLqp", "ScoreKLKLqp",
    "ScoreEntropyKLqp", "ScoreRBKLqp", "WakeSleep", "MAP", "Laplace",
)
_MONTE_CARLO_NAMES = (
    "MonteCarlo", "HMC", "MetropolisHastings", "SGLD", "SGHMC",
    "ReplicaExchangeMC", "Gibbs", "complete_conditional",
)
_CRITICISM_NAMES = ("evaluate", "ppc", "ppc_density_plot",
                    "ppc_stat_hist_plot")
_UTIL_NAMES = ("get_control_variate_coef", "is_independent", "rbf",
               "to_simplex", "transform")
_UTIL_ONLY_NAMES = ("compute_multinomial_mode", "with_binary_averaging")

_CONTRIB_ADVICE = (
    "tf.contrib is gone from TensorFlow 2 and this part of it has no "
    "successor in the tool's tables, so it is left as it is; replace it by "
    "hand (tf_slim, tensorflow_probability and tf.compat.v1 hold most of "
    "what contrib had).")

# TF1's tutorial MNIST reader, and the contrib.learn module it became.
_INPUT_DATA = Rename(
    "edward_lite.datasets", "input_data",
    why="edward_lite.datasets.input_data has input_data's read_data_sets, "
        "DataSet and next_batch with the same arguments and results (images "
        "as float32 in [0, 1], the first 5000 training images as "
        "validation), but never downloads: the directory given must hold "
        "the four MNIST IDX files, gzipped or not.")

_OBSERVATIONS_ADVICE = (
    "the observations package does not install on current Python and "
    "edward_lite.datasets provides only mnist, so this line is left as it "
    "is; load this data set yourself, for example with NumPy or "
    "scikit-learn.")


# Edward 1.0-1.2 model names edward_lite lacks, with what takes their
# place; any other missing model gets `missing_name_advice`.
_EDWARD_1_2_MODELS = {
    "MultivariateNormalFull":
        "Edward 1.3 replaced it by MultivariateNormalTriL(loc, "
        "scale_tril=tf.cholesky(covariance)), which edward_lite has",
    "MultivariateNormalFullCovariance":
        "write MultivariateNormalTriL(loc, "
        "scale_tril=tf.cholesky(covariance_matrix)), which edward_lite has",
    "NormalWithSoftplusSigma":
        "write Normal(loc, tf.nn.softplus(scale)), as Edward 1.3's "
        "NormalWithSoftplusScale did",
    "NormalWithSoftplusScale":
        "write Normal(loc, tf.nn.softplus(scale)), which is what it was",
    "BernoulliWithSigmoidP":
        "write Bernoulli(logits=logits), the same distribution",
    "BernoulliWithSigmoidProbs":
        "write Bernoulli(logits=logits), the same distribution",
}


def missing_name_advice(module, name):
  """The advice for an Edward name that edward_lite's `module` lacks.

  Args:
    module: "" for the top level, or one of `EDWARD_SUBMODULES`.
    name: the name Edward code used.

  Returns:
    One sentence for the report.
  """
  if module == "models" and name in _EDWARD_1_2_MODELS:
    return ("edward_lite.models has no {}, so this line is left as it is "
            "and will fail; {}.".format(name, _EDWARD_1_2_MODELS[name]))
  home = "edward_lite" + ("." + module if module else "")
  names = sorted(name for name in public_names(home)
                 if not name.startswith("_") and name.upper() != name)
  fix = {
      "models": "build this one from TensorFlow Probability's "
                "distributions (tfp.distributions), or keep the script on "
                "Edward 1.3.5 with TensorFlow 1.x",
      "inferences": "edward_lite implements only Edward's adversarial "
                    "inferences and ImplicitKLqp",
      "util": "write this step with TensorFlow ops directly",
      "": "check the spelling, or keep the script on Edward 1.3.5 with "
          "TensorFlow 1.x",
  }[module]
  return ("{} has no {}, so this line is left as it is and will fail; it "
          "has {}; {}.".format(home, name, ", ".join(names), fix))


def _edward_rules():
  rules = {}
  inferences = ("edward", "edward.inferences")
  for names, advice, homes in (
      (_VARIATIONAL_NAMES, _VARIATIONAL_ADVICE, inferences),
      (_MONTE_CARLO_NAMES, _MONTE_CARLO_ADVICE, inferences),
      (_CRITICISM_NAMES, _CRITICISM_ADVICE, ("edward",)),
      (_UTIL_NAMES, _UTIL_ADVICE, ("edward", "edward.util")),
      (_UTIL_ONLY_NAMES, _UTIL_ADVICE, ("edward.util",)),
  ):
    for home in homes:
      for name in names:
        rules["{}.{}".format(home, name)] = Unsupported(advice)
  rules["edward.criticisms"] = Unsupported(_CRITICISM_ADVICE)
  rules["edward.models.MultivariateNormalCholesky"] = Rename(
      "edward_lite.models", "MultivariateNormalTriL", import_name=True,
      why="Edward 1.3 renamed MultivariateNormalCholesky(mu, chol) to "
          "MultivariateNormalTriL(loc, scale_tril).")
  return rules


# tf_slim's batch_norm fails on TensorFlow 2.16+ (it reaches for
# `ops.Tensor` and `tf_keras.legacy_tf_layers`), so contrib's and slim's
# go to edward_lite's, which has the same arguments and semantics.
_BATCH_NORM = Rename(
    "edward_lite.layers", "batch_norm", import_name=True,
    why="edward_lite.layers.batch_norm has contrib's arguments, variables "
        "and moving averages (update ops in UPDATE_OPS unless "
        "updates_collections=None), and runs on TensorFlow 2, where "
        "tf_slim's batch_norm fails.")
_OPTIMIZE_LOSS_ADVICE = (
    "tf_slim's optimize_loss fails on TensorFlow 2.16+ (it reaches for "
    "ops.Tensor), so this line is left as it is; write the step with the "
    "optimizer itself: optimizer.minimize(loss, global_step=global_step), "
    "after tf.clip_by_global_norm on the gradients if clip_gradients was "
    "given.")
_BROKEN_SLIM_NAMES = ("tensorflow.contrib.layers", "tensorflow.contrib.slim",
                      "tf_slim")


def _contrib_layers_rules():
  rules = {}
  for home in _BROKEN_SLIM_NAMES:
    rules[home + ".batch_norm"] = _BATCH_NORM
    rules[home + ".optimize_loss"] = Removed(_OPTIMIZE_LOSS_ADVICE)
  for name in TF_SLIM_LAYERS:
    rules["tensorflow.contrib.layers." + name] = Rename(
        "tf_slim", name,
        "tf_slim keeps tf.contrib.layers.{} with the same arguments and "
        "results.".format(name))
  for name in ("arg_scope", "add_arg_scope"):
    rules["tensorflow.contrib.framework." + name] = Rename(
        "tf_slim", name,
        "tf_slim keeps tf.contrib.framework.{} unchanged.".format(name))
  return rules


RULES = {
    "edward": Rename(
        "edward_lite",
        why="edward_lite is Edward's API on TensorFlow 2, under a new name."),
    "tensorflow": Rename(
        "tensorflow.compat.v1", exact=True,
        why="TF1 code (placeholders, sessions, tf.layers, tf.train "
            "optimizers, tf.flags, tf.app) runs through tf.compat.v1."),
    "tensorflow.contrib": Removed(_CONTRIB_ADVICE),
    "tensorflow.contrib.slim": Rename(
        "tf_slim", why="tf.contrib.slim lives on as the tf_slim package."),
    "tensorflow.contrib.distributions": Rename(
        "tensorflow_probability", "distributions",
        why="tf.contrib.distributions moved to TensorFlow Probability."),
    "tensorflow.contrib.distributions.bijectors": Rename(
        "tensorflow_probability", "bijectors",
        why="tf.contrib.distributions.bijectors moved to TensorFlow "
            "Probability."),
    "tensorflow.examples.tutorials": Removed(
        "TensorFlow 2 no longer ships the tutorials, and the tool's tables "
        "have a successor only for the MNIST reader "
        "(tensorflow.examples.tutorials.mnist.input_data), so this line is "
        "left as it is; rewrite it by hand."),
    "tensorflow.examples.tutorials.mnist.input_data": _INPUT_DATA,
    "tensorflow.contrib.learn.datasets.mnist": _INPUT_DATA,
    "tensorflow.contrib.learn.python.learn.datasets.mnist": _INPUT_DATA,
    "keras": Rename(
        "tf_keras",
        why="Keras used with TF1 sessions needs Keras 2, which lives on as "
            "the tf_keras package."),
    "observations": Removed(_OBSERVATIONS_ADVICE),
    "observations.mnist": Rename(
        "edward_lite.datasets", "mnist", import_name=True,
        why="edward_lite.datasets.mnist(path) returns (x_train, y_train), "
            "(x_test, y_test) as observations.mnist did."),
}
# NumPy 1.24 removed the aliases of Python's own types that 2017 code
# used everywhere (`x.astype(np.float)`); they were those very types.
for _alias, _builtin in (("bool", "bool"), ("complex", "complex"),
                         ("float", "float"), ("int", "int"),
                         ("long", "int"), ("object", "object"),
                         ("str", "str"), ("unicode", "str")):
  RULES["numpy." + _alias] = Rename(
      "builtins", _builtin, import_name=True,
      why="NumPy 1.24 removed np.{}, which was Python's {}.".format(
          _alias, _builtin))
RULES.update(_contrib_layers_rules())
RULES.update(keras_rules())
RULES.update(_edward_rules())

CALL_RULES = {
    # Checked by running: with the same seed both give identical values.
    "tensorflow.contrib.layers.xavier_initializer": CallRename(
        "tensorflow.compat.v1", "glorot_uniform_initializer", ("seed", "dtype"),
        "tf.contrib.layers.xavier_initializer() with its defaults is "
        "tf.glorot_uniform_initializer()."),
}
