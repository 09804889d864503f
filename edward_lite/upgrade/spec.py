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
"""

import collections

from edward_lite.upgrade.package_names import public_names

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

Rename = collections.namedtuple(
    "Rename", ["module", "attribute", "why", "exact", "import_name"])
Rename.__new__.__defaults__ = ("", "", False, False)
Rename.__doc__ = """A name with a successor.

Args:
  module: the module that replaces the name, loadable by `import`.
  attribute: a dotted path inside `module`, or "" for the module itself.
  why: one sentence for the report on why the successor is right.
  exact: match only the key itself, not names under it (`tensorflow`
    becomes `tensorflow.compat.v1`, but `tensorflow.python...` does not).
  import_name: bring the successor in as `from module import attribute`
    and use the bare name, instead of `import module as alias`.
"""

Removed = collections.namedtuple("Removed", ["advice"])
Removed.__doc__ = """A name with no successor: left as it is, reported."""

Unsupported = collections.namedtuple("Unsupported", ["advice"])
Unsupported.__doc__ = """An Edward name edward_lite lacks: reported only."""

CallRename = collections.namedtuple(
    "CallRename", ["module", "attribute", "keywords", "why"])
CallRename.__doc__ = """A rename that holds only for some calls.

Args:
  module, attribute: the successor, as in `Rename`.
  keywords: the call may pass only these keyword arguments and no
    positional ones; any other use falls back to `RULES`.
  why: one sentence for the report.
"""

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

# Keras 1 argument names, which Keras 2.0-2.2 still took (through
# keras/legacy/interfaces.py) and tf_keras does not. Keyed by class.
_KERAS_WEIGHTS = {"init": "kernel_initializer",
                  "W_regularizer": "kernel_regularizer",
                  "b_regularizer": "bias_regularizer",
                  "W_constraint": "kernel_constraint",
                  "b_constraint": "bias_constraint", "bias": "use_bias"}
_KERAS_CONV = dict(_KERAS_WEIGHTS, nb_filter="filters", subsample="strides",
                   border_mode="padding")
_KERAS_POOL = {"border_mode": "padding", "pool_length": "pool_size",
               "stride": "strides"}
KERAS_1_ARGUMENTS = {
    "Dense": dict(_KERAS_WEIGHTS, output_dim="units"),
    "Conv1D": _KERAS_CONV, "Conv2D": _KERAS_CONV, "Conv3D": _KERAS_CONV,
    "Convolution1D": _KERAS_CONV, "Convolution2D": _KERAS_CONV,
    "Convolution3D": _KERAS_CONV, "Conv2DTranspose": _KERAS_CONV,
    "Deconvolution2D": _KERAS_CONV, "SeparableConv2D": _KERAS_CONV,
    "MaxPooling1D": _KERAS_POOL, "MaxPooling2D": _KERAS_POOL,
    "AveragePooling1D": _KERAS_POOL, "AveragePooling2D": _KERAS_POOL,
    "Dropout": {"p": "rate"}, "SpatialDropout2D": {"p": "rate"},
    "GaussianDropout": {"p": "rate"}, "GaussianNoise": {"sigma": "stddev"},
    "BatchNormalization": {"beta_init": "beta_initializer",
                           "gamma_init": "gamma_initializer"},
    "Embedding": {"init": "embeddings_initializer",
                  "W_regularizer": "embeddings_regularizer",
                  "W_constraint": "embeddings_constraint"},
    "Model": {"input": "inputs", "output": "outputs"},
}
KERAS_1_WHY = (
    "Keras 2 renamed its Keras 1 arguments and took the old names only "
    "until tf_keras, which does not.")
# Keras 1 arguments with no one-word successor, and the fix.
_DIM_ORDERING = (
    "dim_ordering is gone: write data_format='channels_last' for 'tf' or "
    "data_format='channels_first' for 'th'")
_NB_ROW_COL = (
    "nb_row and nb_col are gone: write kernel_size=(nb_row, nb_col)")
KERAS_1_WARNINGS = {
    "dim_ordering": _DIM_ORDERING, "nb_row": _NB_ROW_COL,
    "nb_col": _NB_ROW_COL,
    "mode": "Keras 2 removed BatchNormalization's mode; feature-wise "
            "normalization (mode=0) is what it does, so delete the argument",
}
# Keras 1's Convolution2D(nb_filter, nb_row, nb_col): Keras 2.0 read the
# third number as nb_col, tf_keras reads it as strides.
KERAS_1_POSITIONAL_CONV = (
    "Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D",
    "Convolution3D", "Conv2DTranspose", "Deconvolution2D")
KERAS_1_POSITIONAL_ADVICE = (
    "Keras 1's Convolution2D(nb_filter, nb_row, nb_col) took the kernel as "
    "two numbers, which Keras 2.0 still read that way and tf_keras reads "
    "as kernel_size and strides, so this line is left as it is; write "
    "Conv2D(filters, (nb_row, nb_col)).")
# Keras 1 names of fit()'s arguments, renamed wherever the file imports
# keras (the object's class is not known without running the code).
KERAS_1_FIT_ARGUMENTS = {"nb_epoch": "epochs"}

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
    "(GANInference, BiGANInference, WGANInference), so this line is left "
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
    "edward_lite.util keeps only the session, seed, Progbar, dict checks "
    "and graph helpers, so this line is left as it is; write this step "
    "with TensorFlow ops directly.")

_VARIATIONAL_NAMES = (
    "KLpq", "KLqp", "ReparameterizationKLqp", "ReparameterizationKLKLqp",
    "ReparameterizationEntropyKLqp", "ScoreKLqp", "ScoreKLKLqp",
    "ScoreEntropyKLqp", "ScoreRBKLqp", "WakeSleep", "ImplicitKLqp", "MAP",
    "Laplace",
)
_MONTE_CARLO_NAMES = (
    "MonteCarlo", "HMC", "MetropolisHastings", "SGLD", "SGHMC",
    "ReplicaExchangeMC", "Gibbs", "complete_conditional",
)
_CRITICISM_NAMES = ("evaluate", "ppc", "ppc_density_plot",
                    "ppc_stat_hist_plot")
_UTIL_NAMES = ("copy", "dot", "get_control_variate_coef",
               "is_independent", "rbf", "to_simplex", "transform")
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


# Keras 2.0-2.2 kept its layers in submodules of keras.layers, which
# `from keras.layers import *` exposed too (`normalization.
# BatchNormalization`); tf_keras has them all in tf_keras.layers only.
KERAS_LAYER_MODULES = (
    "advanced_activations", "convolutional", "convolutional_recurrent",
    "core", "cudnn_recurrent", "embeddings", "local", "merge", "noise",
    "normalization", "pooling", "recurrent", "wrappers",
)
# Modules whose `import *` bound submodule names that a script may use
# as `normalization.BatchNormalization`, and which they were.
STAR_SUBMODULES = {
    "keras.layers": KERAS_LAYER_MODULES,
}
_KERAS_UTILS_MODULES = ("np_utils", "generic_utils", "vis_utils",
                        "data_utils")
_KERAS_REMOVED = {
    "Merge": "Keras 2.2 removed the Merge layer; use the merge layers of "
             "tf_keras.layers (Concatenate, Add, Multiply, Average, ...) or "
             "their functions (concatenate, add, ...)",
    "CuDNNLSTM": "tf_keras.layers.LSTM runs cuDNN's kernel by itself on a "
                 "GPU; use it with its default arguments",
    "CuDNNGRU": "tf_keras.layers.GRU runs cuDNN's kernel by itself on a GPU "
                "(reset_after=True, its default, as CuDNNGRU computed); use "
                "it",
    "AtrousConvolution2D": "Keras 2 replaced it by "
                           "tf_keras.layers.Conv2D(..., dilation_rate=rate)",
    "MaxoutDense": "Keras 2 removed it; write a Dense layer of n * k units "
                   "and take the maximum over each group of k",
    "Highway": "Keras 2 removed it; write the gated sum with two Dense "
               "layers",
}


def _keras_rules():
  rules = {}
  for module in KERAS_LAYER_MODULES:
    rules["keras.layers." + module] = Rename(
        "tf_keras", "layers",
        why="Keras 2's keras.layers.{} is gone from tf_keras, which keeps "
            "its layers in tf_keras.layers.".format(module))
  for name, advice in _KERAS_REMOVED.items():
    for home in ("keras.layers",) + tuple(
        "keras.layers." + module for module in KERAS_LAYER_MODULES):
      rules["{}.{}".format(home, name)] = Removed(
          "tf_keras has no {}, so this line is left as it is: {}.".format(
              name, advice))
  for home in ("keras.layers", "keras.layers.convolutional"):
    rules[home + ".Deconvolution2D"] = Rename(
        "tf_keras", "layers.Conv2DTranspose",
        why="Keras 2's Deconvolution2D was another name of Conv2DTranspose, "
            "which tf_keras keeps.")
  for module in _KERAS_UTILS_MODULES:
    rules["keras.utils." + module] = Rename(
        "tf_keras", "utils",
        why="Keras 2's keras.utils.{} is gone from tf_keras, which keeps "
            "its functions in tf_keras.utils.".format(module))
  engine_why = ("Keras 2's keras.engine is gone from tf_keras, which keeps "
                "{} in tf_keras.{}.")
  for home in ("keras.engine", "keras.engine.topology",
               "keras.engine.training"):
    rules[home] = Removed(
        "Keras 2's keras.engine is gone from tf_keras and the tool's tables "
        "have no successor for this name, so this line is left as it is; "
        "Layer, Input and InputSpec are in tf_keras.layers, Model in "
        "tf_keras.models.")
    for name, module in (("Layer", "layers"), ("Input", "layers"),
                         ("InputSpec", "layers"), ("Model", "models")):
      rules["{}.{}".format(home, name)] = Rename(
          "tf_keras", "{}.{}".format(module, name),
          why=engine_why.format(name, module))
  for name, fix in (
      ("keras.utils.io_utils", "read HDF5 data with h5py"),
      ("keras.utils.HDF5Matrix", "read HDF5 data with h5py"),
      ("keras.utils.multi_gpu_model",
       "spread a model over GPUs with tf.distribute.MirroredStrategy"),
      ("keras.legacy", "replace Keras 1 layers by their Keras 2 names")):
    rules[name] = Removed(
        "tf_keras has no {}, so this line is left as it is; {}.".format(
            name.split(".", 1)[1], fix))
  return rules


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
                    "inferences",
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
RULES.update(_keras_rules())
RULES.update(_edward_rules())

CALL_RULES = {
    # Checked by running: with the same seed both give identical values.
    "tensorflow.contrib.layers.xavier_initializer": CallRename(
        "tensorflow.compat.v1", "glorot_uniform_initializer", ("seed", "dtype"),
        "tf.contrib.layers.xavier_initializer() with its defaults is "
        "tf.glorot_uniform_initializer()."),
}
