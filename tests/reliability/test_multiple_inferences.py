"""Several inferences in one graph share and clobber nothing.

The strongest check is a comparison: two inferences built in one graph
and trained in turns give, bit for bit, the losses each gives alone in a
graph of its own. That holds only if neither touches the other's
variables, optimizer slots, global steps, counters or clipping. Summaries
and reset ops are checked directly.
"""

import glob
import os

import pytest

import edward_lite as ed
from edward_lite._tf import tf1
from tests import test_util
from tests.reliability import _models as m

STEPS = 6


def build(kind):
  """Builds one inference of `kind` in the current scope.

  Returns:
    (inference, feed): `feed(step)` gives the update's feed_dict.
  """
  if kind == "bigan":
    x_ph, z_ph, x_fake, z_fake = m.build_bigan_pieces()
    inference = ed.BiGANInference({z_ph: z_fake}, {x_fake: x_ph},
                                  m.linear_pair_disc)
    inference.initialize(n_print=0)
    return inference, lambda step: {x_ph: m.BIGAN_X + 0.1 * step,
                                    z_ph: m.BIGAN_Z}
  # The two GANs' generators are the user's own, in scopes of their own;
  # the inferences are built side by side.
  gen_scope = "Gen" if kind == "gan" else "WGen"
  x_ph, z_ph, x_fake, _, _ = m.build_gan_pieces(gen_scope)
  cls = ed.WGANInference if kind == "wgan with clipping" else ed.GANInference
  inference = cls({x_fake: x_ph}, m.linear_disc)
  if kind == "wgan with clipping":
    # A clip tight enough to bite at every critic step; no penalty, whose
    # random interpolation would differ between graphs.
    inference.initialize(n_print=0, clip=0.5, penalty=None)
  else:
    inference.initialize(n_print=0)
  return inference, lambda step: {x_ph: m.GAN_X + 0.1 * step,
                                  z_ph: m.GAN_Z}


def train(inference, feed, steps, schedule):
  """Runs `steps` updates; returns each one's [loss, loss_d, t]."""
  rows = []
  for step, which in zip(range(steps), schedule):
    info = inference.update(feed(step), which)
    rows.append([float(info["loss"]), float(info["loss_d"]), int(info["t"])])
  return rows


SCHEDULE_A = [None, "Disc", "Gen", None, "Disc", None]
SCHEDULE_B = ["Disc", None, None, "Gen", None, "Disc"]


def build_in(kind, scope):
  if scope is None:
    return build(kind)
  with tf1.variable_scope(scope):
    return build(kind)


def alone(kind, scope, schedule):
  with test_util.fresh_session(seed=0):
    inference, feed = build_in(kind, scope)
    tf1.global_variables_initializer().run()
    return train(inference, feed, STEPS, schedule)


@pytest.mark.parametrize("first,second", [
    (("bigan", "first"), ("bigan", "second")),
    (("gan", None), ("bigan", None)),
    (("wgan with clipping", None), ("gan", None)),
    (("gan", None), ("wgan with clipping", None)),
], ids=["two BiGANs in outer scopes", "a GAN then a BiGAN",
        "a clipped WGAN then a GAN", "a GAN then a clipped WGAN"])
def test_inferences_trained_in_turns_match_each_trained_alone(
    first, second):
  with test_util.fresh_session(seed=0):
    inference_1, feed_1 = build_in(*first)
    inference_2, feed_2 = build_in(*second)
    tf1.global_variables_initializer().run()
    together_1, together_2 = [], []
    for step in range(STEPS):
      together_1 += train(inference_1, lambda _: feed_1(step), 1,
                          [SCHEDULE_A[step]])
      together_2 += train(inference_2, lambda _: feed_2(step), 1,
                          [SCHEDULE_B[step]])
    disc_1, disc_2 = inference_1._disc_scope, inference_2._disc_scope
  assert together_1 == alone(*first, SCHEDULE_A)
  assert together_2 == alone(*second, SCHEDULE_B)
  # t counts each inference's own updates.
  assert [row[2] for row in together_1] == list(range(1, STEPS + 1))
  assert disc_1 != disc_2


def test_a_gan_then_a_bigan_get_disc_and_disc_1(sess):
  gan, _ = build("gan")
  bigan, _ = build("bigan")
  assert m.disc_names(gan) == ["Disc/b:0", "Disc/w:0"]
  assert m.disc_names(bigan) == ["Disc_1/b:0", "Disc_1/w:0"]
  # Edward's own regexp match on "Disc" would have given the BiGAN both.
  trained_by_bigan = {v.name for _, v in bigan.grads_and_vars_d}
  assert trained_by_bigan.isdisjoint(v.name for _, v in gan.grads_and_vars_d)


def test_a_clipped_wgan_clips_only_its_own_critic(sess):
  gan, gan_feed = build("gan")
  wgan, wgan_feed = build("wgan with clipping")
  tf1.global_variables_initializer().run()
  gan_w = [v for v in tf1.global_variables() if v.name == "Disc/w:0"][0]
  assert [v.name for v in tf1.trainable_variables()
          if v.name.startswith("Disc_1/")] == ["Disc_1/w:0", "Disc_1/b:0"]
  # The GAN's weight is above the WGAN's clip; the WGAN's critic steps
  # must leave it alone.
  sess.run(gan_w.assign([[3.0]]))
  for step in range(3):
    wgan.update(wgan_feed(step), "Disc")
  assert sess.run(gan_w)[0, 0] == 3.0
  wgan_w = [v for v in tf1.global_variables() if v.name == "Disc_1/w:0"][0]
  assert abs(sess.run(wgan_w)[0, 0]) <= 0.5


def read_tags(logdir):
  (path,) = glob.glob(os.path.join(logdir, "events.out.tfevents.*"))
  tags = set()
  for event in tf1.train.summary_iterator(path):
    tags.update(value.tag for value in event.summary.value)
  return tags


def test_summaries_counters_steps_and_resets_stay_apart(sess, tmp_path):
  pairs = {}
  for scope in ("first", "second"):
    with tf1.variable_scope(scope):
      x_ph, z_ph, x_fake, z_fake = m.build_bigan_pieces()
      inference = ed.BiGANInference({z_ph: z_fake}, {x_fake: x_ph},
                                    m.linear_pair_disc)
      inference.initialize(n_iter=4, n_print=1, log_timestamp=False,
                           logdir=str(tmp_path / scope))
    pairs[scope] = (inference, {x_ph: m.BIGAN_X, z_ph: m.BIGAN_Z})
  tf1.global_variables_initializer().run()
  first, first_feed = pairs["first"]
  second, second_feed = pairs["second"]
  for _ in range(3):
    first.update(first_feed)
  second.update(second_feed, "Disc")
  for inference, _ in pairs.values():
    inference.finalize()
  for scope in ("first", "second"):
    assert read_tags(str(tmp_path / scope)) == {
        scope + "/" + tag for tag in (
            "discriminator_outputs", "loss", "loss/discriminative",
            "parameter/{}/Gen/enc_w/0".format(scope),
            "parameter/{}/Gen/gen_w/0".format(scope))}
  steps = {v.name: v for v in tf1.global_variables()
           if "global_step" in v.name or "iteration" in v.name}
  assert sorted(steps) == [
      "first/global_step:0", "first/global_step_1:0", "first/iteration:0",
      "second/global_step:0", "second/global_step_1:0",
      "second/iteration:0"]
  values = dict(zip(steps, sess.run(list(steps.values()))))
  # first: 3 joint steps move both its steps; second: one critic step.
  assert values == {
      "first/global_step:0": 3, "first/global_step_1:0": 3,
      "first/iteration:0": 3, "second/global_step:0": 0,
      "second/global_step_1:0": 1, "second/iteration:0": 1}
  sess.run(first.reset)
  assert sess.run([first.t, second.t]) == [0, 1]

