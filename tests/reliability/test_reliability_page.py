"""docs/reliability.md: its examples run and its messages are the real ones."""

import os
import re

import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from tests import test_util
from tests.reliability import _models as m

PAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "docs", "reliability.md")


def page():
  with open(PAGE) as text:
    return text.read()


def blocks(language):
  return re.findall(r"```{}\n(.*?)```".format(language), page(), re.DOTALL)


def test_the_save_and_resume_example_runs_and_restores_t(tmp_path, capsys):
  first, second = blocks("python")[:2]
  checkpoint = str(tmp_path / "model.ckpt")
  # The example's own N and path, made small and private.
  first = re.sub(r'^N, CHECKPOINT = .*$', "N, CHECKPOINT = 3, {!r}".format(
      checkpoint), first, count=1, flags=re.MULTILINE)
  assert "N, CHECKPOINT = 3," in first
  namespace = {}
  with tf1.Graph().as_default():
    exec(compile(first, "reliability.md", "exec"), namespace)  # pylint: disable=exec-used
    assert ed.get_session().run(namespace["inference"].t) == 3
  with tf1.Graph().as_default():
    exec(compile(second, "reliability.md", "exec"), namespace)  # pylint: disable=exec-used
  assert capsys.readouterr().out.strip().splitlines()[-1] == "6"


def refusal(call):
  with pytest.raises((TypeError, ValueError)) as caught:
    call()
  return "{}: {}".format(type(caught.value).__name__, caught.value)


def test_the_messages_shown_are_those_edward_lite_gives():
  shown = blocks("text")[0].strip().splitlines()
  made = []
  with test_util.fresh_session():
    x_ph, z_ph, x_fake, _, _ = m.build_gan_pieces()
    gan = ed.GANInference({x_fake: x_ph}, m.linear_disc)
    step = tf1.Variable([0, 0], trainable=False)
    made.append(refusal(lambda: gan.initialize(global_step_d=step)))
    made.append(refusal(lambda: ed.BiGANInference(
        {z_ph: x_fake, x_ph: x_fake}, {x_fake: x_ph}, m.linear_pair_disc)))
    made.append(refusal(lambda: ed.GANInference(
        {x_fake: x_ph, z_ph: [[0.0]] * 3}, m.linear_disc)))
    made.append(refusal(lambda: gan.initialize(debug="yes")))
    made.append(refusal(lambda: ed.GANInference(
        {x_fake: x_ph},
        lambda x: tf.cast(m.linear_disc(x), tf.int32)).initialize()))
    gan.initialize(n_print=0)
    tf1.global_variables_initializer().run()
    made.append(refusal(lambda: gan.update({x_ph: [[0.0]] * 3,
                                            z_ph: m.GAN_Z})))
  assert made == shown


def test_the_measured_section_says_the_graph_did_not_grow():
  section = page().split("<!-- rss:begin -->")[1].split("<!-- rss:end -->")[0]
  before, after = re.search(r"the graph had ([\d,]+) ops before the run and "
                            r"([\d,]+) after it", section).groups()
  assert before == after
  rows = re.findall(r"^\| ([\d,]+) \| ([\d.]+) \|$", section, re.MULTILINE)
  assert [int(n.replace(",", "")) for n, _ in rows][-1] == 20000
