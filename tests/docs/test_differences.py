"""docs/differences.md: every difference from Edward 1.3.5, each held.

The page's claims are checked against the code where a claim can be
computed (the summaries each class writes), and every test it names must
exist.
"""

import glob
import os
import re

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from tests import test_util

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
KINDS = ("*bug fix*", "*choice*", "*platform*", "*not ported*")


def read(path):
  with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
    return handle.read()


PAGE = read("docs/differences.md")
# The tables of differences from 1.3.5, before the section on master.
DIFFERENCES, _, MASTER = PAGE.partition("## Edward's master after 1.3.5")


def rows(text):
  """The body rows of the Markdown tables in `text`, as lists of cells."""
  found = []
  for line in text.splitlines():
    if not line.startswith("| ") or line.startswith("| Edward 1.3.5 |"):
      continue
    found.append([cell.strip() for cell in line.strip("|").split(" | ")])
  return found


def test_every_row_says_which_kind_of_difference_it_is():
  for cells in rows(DIFFERENCES):
    assert cells[-1].startswith(KINDS), cells[0]


def test_the_gradient_penalty_of_1_3_5_is_not_listed_as_a_difference():
  # Edward 1.3.5 drew one interpolation weight per example
  # (Uniform().sample(x.shape[0]) expanded to the input's rank); one per
  # element came after the tag, on Edward's master.
  assert "per *element*" not in DIFFERENCES
  (penalty,) = [cells for cells in rows(MASTER)
                if "gradient penalty" in cells[0]]
  assert "one interpolation weight per example" in penalty[0]
  assert "One weight per element" in penalty[1]
  assert penalty[2].startswith("One weight per example, as 1.3.5")


def test_negative_penalties_are_not_said_to_fail_in_edward():
  # Edward 1.3.5 took penalty=-1 and trained with it; n_iter="10" failed
  # at once, in Python, before any op was built.
  (arguments,) = [cells for cells in rows(DIFFERENCES)
                  if "`global_step=0`" in cells[0]]
  assert "a negative `penalty` or `clip` was taken as it was" in arguments[0]
  assert "`n_iter=\"10\"` failed at once" in arguments[0]


def _named_tests(text):
  names = []
  for bracket in re.findall(r"\[(`[^\]]*`)\]", text):
    names.extend(re.findall(r"`([^`]+)`", bracket))
  return names


def _test_files():
  return glob.glob(os.path.join(ROOT, "tests", "**", "*.py"), recursive=True)


def _defines(path, name):
  with open(path, encoding="utf-8") as handle:
    return re.search(r"^def {}\(".format(re.escape(name)), handle.read(),
                     re.M) is not None


def test_every_test_the_page_names_exists():
  names = _named_tests(PAGE)
  assert len(names) > 30
  files = _test_files()
  for name in names:
    path, _, function = name.rpartition("::")
    if not function.startswith("test_"):  # a whole file
      assert os.path.exists(os.path.join(ROOT, name)), name
      continue
    candidates = [f for f in files if not path or f.endswith(
        os.sep + path.replace("/", os.sep))]
    assert any(_defines(f, function) for f in candidates), name


def test_getting_started_and_home_do_not_call_every_difference_a_bug_fix():
  assert "each a bug fix" not in read("docs/getting-started.md")
  assert "bug fixes, deliberate choices" in " ".join(
      read("docs/getting-started.md").split())
  assert "fixes a\n  bug of Edward 1.3.5" not in read("docs/index.md")


# Summaries: Edward's GANInference wrote loss, loss/discriminative and a
# discriminator_outputs histogram; BiGANInference and WGANInference only
# the two losses (besides the parameter/... summaries of log_vars).
EDWARDS_TAGS = {
    "GANInference": {"loss", "loss/discriminative", "discriminator_outputs"},
    "BiGANInference": {"loss", "loss/discriminative"},
    "WGANInference": {"loss", "loss/discriminative"},
}
N = 4


def _discriminator(x, z=None):
  inputs = x if z is None else tf.concat([x, z], 1)
  return tf1.layers.dense(inputs, 1)


def _written_tags(cls, logdir):
  x = tf.constant(np.random.RandomState(0).randn(N, 2).astype(np.float32))
  z = tf.constant(np.random.RandomState(1).randn(N, 1).astype(np.float32))
  with tf1.variable_scope("Gen"):
    x_fake = tf1.layers.dense(z, 2)
    z_fake = tf1.layers.dense(x, 1)
  if cls == "BiGANInference":
    inference = ed.BiGANInference({z: z_fake}, {x_fake: x}, _discriminator)
  else:
    inference = getattr(ed, cls)({x_fake: x}, _discriminator)
  inference.initialize(n_print=1, logdir=logdir)
  sess = ed.get_session()
  tf1.global_variables_initializer().run()
  summary = tf1.Summary.FromString(sess.run(inference.summarize))
  return {value.tag for value in summary.value
          if not value.tag.startswith("parameter/")}


@pytest.mark.parametrize("cls", sorted(EDWARDS_TAGS))
def test_every_summary_edward_did_not_write_is_listed(cls, tmp_path):
  with test_util.fresh_session(seed=0):
    tags = _written_tags(cls, str(tmp_path))
  assert EDWARDS_TAGS[cls] <= tags
  for tag in sorted(tags - EDWARDS_TAGS[cls]):
    listed = [cells for cells in rows(DIFFERENCES)
              if "`{}`".format(tag) in cells[0] and
              "`{}`".format(cls) in cells[0]]
    assert listed, "{} writes {}, which Edward's did not".format(cls, tag)
