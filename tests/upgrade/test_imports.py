"""Rule look-up: longest key, exact keys, successors."""

import pytest

from edward_lite.upgrade import spec
from edward_lite.upgrade.imports import Target, match_rules, successor


@pytest.mark.parametrize("path, key, target", [
    ("edward", "edward", Target("edward_lite")),
    ("edward.models.Normal", "edward", Target("edward_lite.models.Normal")),
    ("tensorflow", "tensorflow", Target("tensorflow.compat.v1")),
    ("tensorflow.contrib.slim.nets", "tensorflow.contrib.slim",
     Target("tf_slim.nets")),
    ("tensorflow.contrib.distributions.Normal",
     "tensorflow.contrib.distributions",
     Target("tensorflow_probability", "distributions.Normal")),
    ("tensorflow.contrib.distributions.bijectors.Exp",
     "tensorflow.contrib.distributions.bijectors",
     Target("tensorflow_probability", "bijectors.Exp")),
    ("keras.layers.Dense", "keras", Target("tf_keras.layers.Dense")),
    ("observations.mnist", "observations.mnist",
     Target("edward_lite.datasets", "mnist", True)),
    ("tensorflow.examples.tutorials.mnist.input_data.read_data_sets",
     "tensorflow.examples.tutorials.mnist.input_data",
     Target("edward_lite.datasets", "input_data.read_data_sets")),
    ("tensorflow.contrib.learn.python.learn.datasets.mnist.DataSet",
     "tensorflow.contrib.learn.python.learn.datasets.mnist",
     Target("edward_lite.datasets", "input_data.DataSet")),
])
def test_renames(path, key, target):
  action, unsupported = match_rules(path)
  assert action[0] == key
  assert unsupported is None
  assert successor(path, *action) == target


@pytest.mark.parametrize("path, key", [
    ("tensorflow.contrib.learn", "tensorflow.contrib"),
    ("observations.celeba", "observations"),
    ("tensorflow.examples.tutorials.word2vec",
     "tensorflow.examples.tutorials"),
])
def test_removed(path, key):
  action, _ = match_rules(path)
  assert action[0] == key
  assert isinstance(action[1], spec.Removed)


def test_exact_rule_does_not_cover_names_under_it():
  assert match_rules("tensorflow.python.ops") == (None, None)
  assert match_rules("tensorflow.placeholder") == (None, None)


def test_unsupported_names_keep_the_edward_rename():
  action, unsupported = match_rules("edward.criticisms.evaluate")
  assert action[0] == "edward"
  assert unsupported[0] == "edward.criticisms"
  assert successor("edward.criticisms.evaluate", *action).full == (
      "edward_lite.criticisms.evaluate")
