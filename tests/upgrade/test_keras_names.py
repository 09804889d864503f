"""Keras 2.0-2.2 names that tf_keras lacks: rewritten so they import, or warned."""

import importlib
import textwrap

import pytest

from edward_lite.upgrade import spec
from edward_lite.upgrade.upgrader import LogEntry, upgrade_source

tf_keras = pytest.importorskip("tf_keras")

# What each Keras 2.0-2.2 submodule of keras.layers held that GAN code
# imported from it (keras/layers/*.py of those releases).
KERAS_2_LAYERS = {
    "advanced_activations": ["LeakyReLU", "PReLU", "ELU",
                             "ThresholdedReLU", "Softmax", "ReLU"],
    "convolutional": ["Conv2D", "Conv2DTranspose", "Convolution2D",
                      "Deconvolution2D", "UpSampling2D", "ZeroPadding2D",
                      "Cropping2D", "SeparableConv2D", "Conv1D", "Conv3D"],
    "convolutional_recurrent": ["ConvLSTM2D"],
    "core": ["Dense", "Activation", "Dropout", "Flatten", "Reshape",
             "Lambda", "Permute", "RepeatVector", "SpatialDropout2D"],
    "cudnn_recurrent": [],
    "embeddings": ["Embedding"],
    "local": ["LocallyConnected1D", "LocallyConnected2D"],
    "merge": ["Add", "Concatenate", "Multiply", "Average", "Maximum", "Dot",
              "add", "concatenate", "multiply", "average", "maximum", "dot"],
    "noise": ["GaussianNoise", "GaussianDropout", "AlphaDropout"],
    "normalization": ["BatchNormalization"],
    "pooling": ["MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D",
                "GlobalMaxPooling2D", "MaxPooling1D"],
    "recurrent": ["LSTM", "GRU", "SimpleRNN", "RNN", "LSTMCell"],
    "wrappers": ["TimeDistributed", "Bidirectional"],
}


def test_the_table_covers_exactly_the_submodules_listed_here():
  assert set(spec.KERAS_LAYER_MODULES) == set(KERAS_2_LAYERS)


@pytest.mark.parametrize("module", sorted(KERAS_2_LAYERS))
def test_keras_2_submodules_are_gone_from_tf_keras(module):
  with pytest.raises(ModuleNotFoundError):
    importlib.import_module("tf_keras.layers." + module)


def _run(source):
  namespace = {}
  exec(compile(source, "<upgraded>", "exec"), namespace)  # pylint: disable=exec-used
  return namespace


@pytest.mark.parametrize("module, name", [
    (module, name) for module, names in sorted(KERAS_2_LAYERS.items())
    for name in names])
def test_from_submodule_imports_run_after_the_rewrite(module, name):
  result = upgrade_source("from keras.layers.{} import {}\n".format(module,
                                                                    name))
  expected = getattr(tf_keras.layers,
                     "Conv2DTranspose" if name == "Deconvolution2D" else name)
  assert _run(result.text)[name] is expected
  assert [entry.level for entry in result.log] == ["INFO"]


def test_star_import_submodule_names_are_rewritten():
  source = textwrap.dedent("""\
      from keras.layers import *
      bn = normalization.BatchNormalization(momentum=0.8)
      act = advanced_activations.LeakyReLU(alpha=0.2)
      conv = convolutional.Conv2D(8, 3)
      dense = Dense(3)
      """)
  result = upgrade_source(source)
  assert result.text == textwrap.dedent("""\
      from tf_keras.layers import *
      import tf_keras
      bn = tf_keras.layers.BatchNormalization(momentum=0.8)
      act = tf_keras.layers.LeakyReLU(alpha=0.2)
      conv = tf_keras.layers.Conv2D(8, 3)
      dense = Dense(3)
      """)
  namespace = _run(result.text)
  assert isinstance(namespace["bn"], tf_keras.layers.BatchNormalization)
  assert namespace["bn"].momentum == 0.8
  assert namespace["act"].alpha == pytest.approx(0.2)
  assert isinstance(namespace["dense"], tf_keras.layers.Dense)


def test_a_name_the_file_binds_itself_is_not_taken_for_a_submodule():
  source = "from keras.layers import *\ncore = 3\nx = core.real\n"
  assert upgrade_source(source).text == (
      "from tf_keras.layers import *\ncore = 3\nx = core.real\n")


@pytest.mark.parametrize("line, names", [
    ("from keras.engine.topology import Layer, Input, InputSpec",
     ("Layer", "Input", "InputSpec")),
    ("from keras.engine.training import Model", ("Model",)),
    ("from keras.engine import Layer", ("Layer",)),
    ("from keras.utils.np_utils import to_categorical", ("to_categorical",)),
    ("from keras.utils.generic_utils import Progbar", ("Progbar",)),
    ("from keras.utils.vis_utils import plot_model", ("plot_model",)),
    ("from keras.utils.data_utils import get_file", ("get_file",)),
])
def test_engine_and_utils_names_import_after_the_rewrite(line, names):
  namespace = _run(upgrade_source(line + "\n").text)
  for name in names:
    assert namespace[name] is not None


def test_names_tf_keras_lacks_are_warned_about_with_the_fix():
  source = textwrap.dedent("""\
      from keras.layers import Merge
      from keras.layers.cudnn_recurrent import CuDNNGRU
      from keras.engine.topology import Container
      from keras.utils.io_utils import HDF5Matrix
      """)
  result = upgrade_source(source)
  assert result.text == source
  assert [entry for entry in result.log if entry.level == "WARNING"] == [
      LogEntry("WARNING", 1, 25,
               "'keras.layers.Merge': tf_keras has no Merge, so this line is "
               "left as it is: Keras 2.2 removed the Merge layer; use the "
               "merge layers of tf_keras.layers (Concatenate, Add, Multiply, "
               "Average, ...) or their functions (concatenate, add, ...)."),
      LogEntry("WARNING", 2, 41,
               "'keras.layers.cudnn_recurrent.CuDNNGRU': tf_keras has no "
               "CuDNNGRU, so this line is left as it is: tf_keras.layers.GRU "
               "runs cuDNN's kernel by itself on a GPU (reset_after=True, its "
               "default, as CuDNNGRU computed); use it."),
      LogEntry("WARNING", 3, 34,
               "'keras.engine.topology.Container': Keras 2's keras.engine is "
               "gone from tf_keras and the tool's tables have no successor "
               "for this name, so this line is left as it is; Layer, Input "
               "and InputSpec are in tf_keras.layers, Model in "
               "tf_keras.models."),
      LogEntry("WARNING", 4, 33,
               "'keras.utils.io_utils.HDF5Matrix': tf_keras has no "
               "utils.io_utils, so this line is left as it is; read HDF5 "
               "data with h5py."),
  ]


def test_keras_1_arguments_are_renamed_to_ones_tf_keras_takes():
  source = textwrap.dedent("""\
      from keras.models import Sequential, Model
      from keras.layers import Dense, Dropout, Input
      from keras.layers.convolutional import Convolution2D, MaxPooling2D
      from keras.layers.normalization import BatchNormalization
      dense = Dense(output_dim=1024, init="glorot_normal", bias=False)
      drop = Dropout(p=0.3)
      conv = Convolution2D(nb_filter=8, kernel_size=3, subsample=(2, 2),
                           border_mode="same")
      pool = MaxPooling2D(pool_size=(2, 2), border_mode="same")
      norm = BatchNormalization(beta_init="ones", momentum=0.8)
      x = Input(shape=(4,))
      model = Model(input=x, output=Dense(2)(x))
      model.compile("sgd", "mse")
      history = model.fit([[0.0] * 4], [[1.0, 2.0]], nb_epoch=1, verbose=0)
      """)
  result = upgrade_source(source)
  assert result.text.splitlines()[4:13] == [
      "dense = Dense(units=1024, kernel_initializer=\"glorot_normal\", "
      "use_bias=False)",
      "drop = Dropout(rate=0.3)",
      "conv = Convolution2D(filters=8, kernel_size=3, strides=(2, 2),",
      "                     padding=\"same\")",
      "pool = MaxPooling2D(pool_size=(2, 2), padding=\"same\")",
      "norm = BatchNormalization(beta_initializer=\"ones\", momentum=0.8)",
      "x = Input(shape=(4,))",
      "model = Model(inputs=x, outputs=Dense(2)(x))",
      "model.compile(\"sgd\", \"mse\")",
  ]
  assert result.text.splitlines()[-1] == (
      "history = model.fit([[0.0] * 4], [[1.0, 2.0]], epochs=1, verbose=0)")
  assert [entry.level for entry in result.log].count("WARNING") == 0
  assert ("Changed 'output_dim=' to 'units=' in the call of Dense: Keras 2 "
          "renamed its Keras 1 arguments and took the old names only until "
          "tf_keras, which does not.") in [entry.message
                                           for entry in result.log]
  namespace = _run(result.text.replace("history = ", "history = None and "))
  assert namespace["dense"].units == 1024
  assert namespace["dense"].use_bias is False
  assert namespace["drop"].rate == 0.3
  assert namespace["conv"].filters == 8
  assert namespace["conv"].strides == (2, 2)
  assert namespace["conv"].padding == "same"
  assert namespace["pool"].padding == "same"
  assert namespace["model"].outputs[0].shape[-1] == 2


def test_keras_1_arguments_without_a_successor_are_warned_about():
  source = textwrap.dedent("""\
      from keras.layers import Convolution2D, BatchNormalization, Dense
      a = Convolution2D(64, 5, 5, border_mode="same")
      b = Convolution2D(64, nb_row=5, nb_col=5, dim_ordering="th")
      c = BatchNormalization(mode=2)
      d = Dense(8, mode=2)
      """)
  result = upgrade_source(source)
  nb = ("nb_row and nb_col are gone: write kernel_size=(nb_row, nb_col); "
        "the line is left as it is.")
  assert [entry for entry in result.log if entry.level == "WARNING"] == [
      LogEntry("WARNING", 2, 4,
               "'Convolution2D' with three numbers: Keras 1's "
               "Convolution2D(nb_filter, nb_row, nb_col) took the kernel as "
               "two numbers, which Keras 2.0 still read that way and "
               "tf_keras reads as kernel_size and strides, so this line is "
               "left as it is; write Conv2D(filters, (nb_row, nb_col))."),
      LogEntry("WARNING", 3, 22, "'nb_row=' in the call of Convolution2D: " +
               nb),
      LogEntry("WARNING", 3, 32, "'nb_col=' in the call of Convolution2D: " +
               nb),
      LogEntry("WARNING", 3, 42,
               "'dim_ordering=' in the call of Convolution2D: dim_ordering "
               "is gone: write data_format='channels_last' for 'tf' or "
               "data_format='channels_first' for 'th'; the line is left as "
               "it is."),
      LogEntry("WARNING", 4, 23,
               "'mode=' in the call of BatchNormalization: Keras 2 removed "
               "BatchNormalization's mode; feature-wise normalization "
               "(mode=0) is what it does, so delete the argument; the line "
               "is left as it is."),
  ]
