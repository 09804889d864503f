"""Edward names: 1.0-1.2 arguments renamed, names edward_lite lacks warned."""

import importlib
import inspect
import textwrap

import pytest

from edward_lite.upgrade import spec
from edward_lite.upgrade.package_names import public_names
from edward_lite.upgrade.upgrader import LogEntry, upgrade_source


@pytest.mark.parametrize("module", ["edward_lite", "edward_lite.models",
                                    "edward_lite.util",
                                    "edward_lite.inferences",
                                    "edward_lite.criticisms"])
def test_names_read_from_source_are_the_live_packages(module):
  assert public_names(module) == set(importlib.import_module(module).__all__)


def test_the_tool_does_not_import_tensorflow_to_know_them():
  # tests/upgrade/test_main.py runs the tool in a fresh process and checks
  # TensorFlow stays out; here, the reader needs nothing but the files.
  assert public_names("edward_lite.nonexistent") == frozenset()
  assert public_names("numpy") == frozenset()


@pytest.mark.parametrize("name", sorted(spec.EDWARD_1_2_ARGUMENTS))
def test_old_argument_names_are_rewritten_to_ones_edward_lite_takes(name):
  renames = spec.EDWARD_1_2_ARGUMENTS[name]
  arguments = ", ".join("{}=v{}".format(old, i)
                        for i, old in enumerate(sorted(renames)))
  source = "from edward.models import {0}\nx = {0}({1}, name='x')\n".format(
      name, arguments)
  result = upgrade_source(source)
  new_arguments = ", ".join("{}=v{}".format(renames[old], i)
                            for i, old in enumerate(sorted(renames)))
  new_class = ("MultivariateNormalTriL as {}".format(name)
               if name == "MultivariateNormalCholesky" else name)
  assert result.text == (
      "from edward_lite.models import {}\nx = {}({}, name='x')\n".format(
          new_class, name, new_arguments))
  import edward_lite.models  # pylint: disable=g-import-not-at-top
  cls = getattr(edward_lite.models, new_class.split(" ")[0])
  assert set(renames.values()) <= set(inspect.signature(cls).parameters)


def test_argument_renames_through_ed_models_and_their_log():
  source = textwrap.dedent("""\
      import edward as ed
      z = ed.models.Normal(mu=0.0, sigma=1.0, sample_shape=3)
      y = ed.models.Normal(0.0, 1.0)
      s = dict(mu=1)
      """)
  result = upgrade_source(source)
  assert result.text.splitlines()[1:] == [
      "z = ed.models.Normal(loc=0.0, scale=1.0, sample_shape=3)",
      "y = ed.models.Normal(0.0, 1.0)",
      "s = dict(mu=1)"]
  why = spec.ARGUMENT_RENAMES_WHY
  assert result.log[1:] == [
      LogEntry("INFO", 2, 21,
               "Changed 'mu=' to 'loc=' in the call of Normal: " + why),
      LogEntry("INFO", 2, 29,
               "Changed 'sigma=' to 'scale=' in the call of Normal: " + why)]
  assert why == (
      "Edward 1.3 renamed the arguments of its random variables after "
      "TensorFlow 1.1's distributions (Normal(mu, sigma) became Normal(loc, "
      "scale)), and edward_lite takes 1.3's names.")


def _warnings(source):
  return [entry for entry in upgrade_source(source).log
          if entry.level == "WARNING"]


def test_an_unknown_ed_name_is_warned_about_with_what_edward_lite_has():
  top = ", ".join(sorted(
      name for name in public_names("edward_lite")
      if not name.startswith("_") and name != "VERSION"))
  assert _warnings("import edward as ed\ni = ed.sharedWGANInference(x)\n") == [
      LogEntry("WARNING", 2, 4,
               "'ed.sharedWGANInference': edward_lite has no "
               "sharedWGANInference, so this line is left as it is and will "
               "fail; it has " + top + "; check the spelling, or keep the "
               "script on Edward 1.3.5 with TensorFlow 1.x.")]


def test_a_model_edward_lite_lacks_is_warned_about_on_import_and_use():
  models = ", ".join(sorted(
      name for name in public_names("edward_lite.models")
      if name != "RANDOM_VARIABLE_COLLECTION"))
  advice = ("edward_lite.models has no Mixture, so this line is left as it "
            "is and will fail; it has " + models + "; build this one from "
            "TensorFlow Probability's distributions (tfp.distributions), or "
            "keep the script on Edward 1.3.5 with TensorFlow 1.x.")
  source = textwrap.dedent("""\
      import edward as ed
      from edward.models import Normal, Mixture
      m = ed.models.Mixture(cat, components)
      """)
  assert _warnings(source) == [
      LogEntry("WARNING", 2, 34, "'edward.models.Mixture': " + advice),
      LogEntry("WARNING", 3, 4, "'ed.models.Mixture': " + advice)]


@pytest.mark.parametrize("name, fix", [
    ("MultivariateNormalFull",
     "Edward 1.3 replaced it by MultivariateNormalTriL(loc, "
     "scale_tril=tf.cholesky(covariance)), which edward_lite has"),
    ("NormalWithSoftplusSigma",
     "write Normal(loc, tf.nn.softplus(scale)), as Edward 1.3's "
     "NormalWithSoftplusScale did"),
    ("BernoulliWithSigmoidP",
     "write Bernoulli(logits=logits), the same distribution"),
])
def test_edward_1_2_models_get_their_replacement(name, fix):
  assert _warnings("from edward.models import {}\n".format(name)) == [
      LogEntry("WARNING", 1, 26,
               "'edward.models.{0}': edward_lite.models has no {0}, so this "
               "line is left as it is and will fail; {1}.".format(name, fix))]


def test_names_edward_lite_has_in_every_module_pass_silently():
  lines = ["import edward as ed"]
  for module in ("",) + spec.EDWARD_SUBMODULES:
    home = "edward_lite" + ("." + module if module else "")
    # ed.criticisms is warned about on purpose: Edward's held evaluate and
    # ppc (tests/upgrade/test_upgrader.py).
    for name in sorted(public_names(home) - {"criticisms"}):
      lines.append("x = ed.{}{}".format(module + "." if module else "", name))
  assert _warnings("\n".join(lines) + "\n") == []


def test_tensorflow_1_0_distribution_arguments_become_tfps():
  source = textwrap.dedent("""\
      import tensorflow as tf
      ds = tf.contrib.distributions
      a = ds.Normal(mu=0.0, sigma=2.0)
      b = tf.contrib.distributions.InverseGamma(alpha=3.0, beta=2.0)
      """)
  text = upgrade_source(source).text
  assert text.splitlines()[-3:] == [
      "ds = tfp.distributions",
      "a = ds.Normal(loc=0.0, scale=2.0)",
      "b = tfp.distributions.InverseGamma(concentration=3.0, scale=2.0)"]
  from edward_lite._tf import tf1, tfd  # pylint: disable=g-import-not-at-top
  # TFP takes the new names with the old meaning: InverseGamma's `scale`
  # is TF 1.0's `beta` (mean beta / (alpha - 1) = 1).
  with tf1.Session() as sess:
    assert sess.run(tfd.InverseGamma(concentration=3.0, scale=2.0).mean()) \
        == pytest.approx(1.0)
    assert sess.run(tfd.Normal(loc=0.0, scale=2.0).stddev()) == 2.0
