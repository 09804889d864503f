"""edward_lite/inferences/_setup/atomic.py: what a refused initialize takes
back."""

import re

import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.inferences._setup.atomic import GraphSnapshot, all_or_nothing
from tests.reliability import _models as m


def test_a_snapshot_sees_new_variables_and_restore_takes_them_back(sess):
  before = GraphSnapshot()
  with tf1.variable_scope("Disc"):
    tf1.get_variable("w", initializer=1.0,
                     regularizer=lambda v: 0.5 * tf.square(v))
  assert len(tf1.get_collection(tf1.GraphKeys.REGULARIZATION_LOSSES)) == 1
  before.restore()
  assert tf1.global_variables() == [] and tf1.trainable_variables() == []
  assert tf1.get_collection(tf1.GraphKeys.REGULARIZATION_LOSSES) == []
  # The name is free again: without the restore, get_variable would say
  # "Variable Disc/w already exists, disallowed".
  with tf1.variable_scope("Disc"):
    again = tf1.get_variable("w", initializer=2.0)
  assert again.name.startswith("Disc/w")


def test_restore_gives_back_the_scope_counts(sess):
  with tf1.variable_scope("outer"):
    pass
  before = GraphSnapshot()
  with tf1.variable_scope(None, default_name="Disc") as first:
    pass
  before.restore()
  with tf1.variable_scope(None, default_name="Disc") as second:
    pass
  # Without the restore the second would be "Disc_1".
  assert first.name == second.name == "Disc"


class Failing(ed.VariationalInference):
  """Makes a variable, changes its data in place, then fails."""

  def build_loss_and_gradients(self, var_list):
    with tf1.variable_scope("made"):
      tf1.get_variable("v", initializer=1.0)
    self.data["changed in place"] = 1.0
    raise RuntimeError("the subclass's own failure")


def test_a_users_subclass_is_all_or_nothing_too(sess, tmp_path, monkeypatch):
  writers = []
  file_writer = tf1.summary.FileWriter

  def recording_writer(*args, **kwargs):
    writers.append(file_writer(*args, **kwargs))
    return writers[-1]
  monkeypatch.setattr(tf1.summary, "FileWriter", recording_writer)
  q = tf1.Variable(0.0, name="q")
  inference = Failing({}, {})
  attributes = dict(vars(inference))
  globals_before = tf1.global_variables()
  with pytest.raises(RuntimeError, match=re.escape(
      "the subclass's own failure")):
    inference.initialize(var_list=[q], logdir=str(tmp_path))
  assert vars(inference) == attributes
  assert inference.data == {}
  assert tf1.global_variables() == globals_before
  assert len(writers) == 1 and writers[0]._closed  # pylint: disable=protected-access
  assert Failing.initialize.all_or_nothing


def test_nested_calls_snapshot_once(sess):
  calls = []

  class Inner(object):

    @all_or_nothing
    def initialize(self, fail):
      calls.append("inner")
      self.inner = True
      if fail:
        raise ValueError("inner failed")

  class Outer(Inner):

    @all_or_nothing
    def initialize(self, fail):
      calls.append("outer")
      self.outer = True
      super(Outer, self).initialize(fail)

  obj = Outer()
  with pytest.raises(ValueError, match="inner failed"):
    obj.initialize(True)
  assert vars(obj) == {} and calls == ["outer", "inner"]
  obj.initialize(False)
  assert vars(obj) == {"outer": True, "inner": True}


def test_a_refused_bigan_keeps_no_claim_on_disc(sess):
  x_ph, z_ph, x_fake, z_fake = m.build_bigan_pieces()
  bad = ed.BiGANInference({z_ph: z_fake}, {x_fake: x_ph},
                          lambda x, z: tf.cast(
                              m.linear_pair_disc(x, z), tf.int32))
  with pytest.raises(TypeError, match="floating-point logits"):
    bad.initialize(n_print=0)
  assert tf1.get_collection("edward_lite_discriminator_scopes") == []
  good = ed.BiGANInference({z_ph: z_fake}, {x_fake: x_ph},
                           m.linear_pair_disc)
  good.initialize(n_print=0)
  assert good._disc_scope == "Disc/"
  assert tf1.get_collection("edward_lite_discriminator_scopes") == ["Disc"]
