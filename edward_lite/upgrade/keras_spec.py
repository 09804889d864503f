"""The upgrade tool's tables for Keras 2.0-2.2 code on tf_keras.

Keras 2.0-2.2 kept layers in submodules of keras.layers, engine classes
in keras.engine and helpers in keras.utils.*_utils, and still took Keras
1's argument names; tf_keras has none of these. `spec` merges
`keras_rules()` into its `RULES`; `arguments.py` uses the argument
tables.
"""

from edward_lite.upgrade.rule_types import Removed, Rename

__all__ = [
    "KERAS_1_ARGUMENTS",
    "KERAS_1_FIT_ARGUMENTS",
    "KERAS_1_POSITIONAL_ADVICE",
    "KERAS_1_POSITIONAL_CONV",
    "KERAS_1_WARNINGS",
    "KERAS_1_WHY",
    "KERAS_LAYER_MODULES",
    "STAR_SUBMODULES",
    "keras_rules",
]

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


def keras_rules():
  """The `RULES` entries for Keras 2.0-2.2 names, keyed by dotted name."""
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
