"""NaN and Inf: debug=True names the first bad tensor; otherwise one report.

With `debug=True` an update that meets NaN or Inf raises
InvalidArgumentError naming the tensor where it first appeared (the same
one on every run), and changes no variable and no counter. Without it,
`print_progress` says once, on a line of its own, that a loss is NaN or
Inf and at which step, and leaves it out of the progress bar until it is
finite again.
"""

import math
import re

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from tests.reliability import _models as m

N = m.GAN_BATCH


def build_log_gan(cls=ed.GANInference):
  """x_fake = log(a z) + c: NaN first appears in Gen/Log:0 when a z < 0."""
  x_ph = tf1.placeholder(tf.float32, [N, 1], name="x")
  z_ph = tf1.placeholder(tf.float32, [N, 1], name="z")
  with tf1.variable_scope("Gen"):
    a = tf1.get_variable("a", initializer=1.0)
    c = tf1.get_variable("c", initializer=0.0)
    x_fake = tf.math.log(a * z_ph) + c
  return cls({x_fake: x_ph}, m.linear_disc), x_ph, z_ph


def build_sqrt_bigan():
  """E(x) = sqrt(x) W_e: NaN first appears in Gen/Sqrt:0 when x < 0."""
  x_ph = tf1.placeholder(tf.float32, [N, m.BIGAN_DX], name="x")
  z_ph = tf1.placeholder(tf.float32, [N, m.BIGAN_DZ], name="z")
  with tf1.variable_scope("Gen"):
    gen_w = tf1.get_variable("gen_w", initializer=tf.constant(m.GEN_W))
    enc_w = tf1.get_variable("enc_w", initializer=tf.constant(m.ENC_W))
    x_fake = tf.matmul(z_ph, gen_w)
    z_fake = tf.matmul(tf.sqrt(x_ph), enc_w)
  inference = ed.BiGANInference({z_ph: z_fake}, {x_fake: x_ph},
                                m.linear_pair_disc)
  return inference, x_ph, z_ph


POSITIVE_Z = np.abs(m.GAN_Z) + 0.5
NEGATIVE_Z = -POSITIVE_Z


def found_in(message):
  """The tensors the check_numerics errors in `message` name."""
  return re.findall(r"Found NaN or Inf in (\S+) :", message)


@pytest.mark.parametrize("cls", [ed.GANInference, ed.WGANInference])
@pytest.mark.parametrize("variables", [None, "Gen", "Disc"])
def test_debug_names_the_first_nan_and_the_step_changes_nothing(
    sess, cls, variables):
  inference, x_ph, z_ph = build_log_gan(cls)
  inference.initialize(n_print=0, debug=True)
  tf1.global_variables_initializer().run()
  good = {x_ph: m.GAN_X, z_ph: POSITIVE_Z}
  assert inference.update(good)["t"] == 1
  variables_before = sess.run(tf1.global_variables())
  for _ in range(3):  # The same tensor, every time.
    with pytest.raises(tf.errors.InvalidArgumentError) as caught:
      inference.update({x_ph: m.GAN_X, z_ph: NEGATIVE_Z}, variables)
    assert found_in(caught.value.message) == ["Gen/Log:0"]
  assert sess.run(inference.t) == 1
  for before, after in zip(variables_before,
                           sess.run(tf1.global_variables())):
    np.testing.assert_array_equal(before, after)
  assert inference.update(good)["t"] == 2


def test_debug_names_inf_in_the_data(sess):
  inference, x_ph, z_ph = build_log_gan()
  inference.initialize(n_print=0, debug=True)
  tf1.global_variables_initializer().run()
  x_bad = m.GAN_X.copy()
  x_bad[4, 0] = np.inf
  with pytest.raises(tf.errors.InvalidArgumentError) as caught:
    inference.update({x_ph: x_bad, z_ph: POSITIVE_Z})
  assert found_in(caught.value.message) == ["x:0"]
  assert "Tensor had Inf values" in caught.value.message


def test_debug_names_a_nan_weight_of_the_discriminator(sess):
  inference, x_ph, z_ph = build_log_gan()
  inference.initialize(n_print=0, debug=True)
  tf1.global_variables_initializer().run()
  weight = [v for v in tf1.global_variables() if v.name == "Disc/w:0"][0]
  sess.run(weight.assign([[np.nan]]))
  with pytest.raises(tf.errors.InvalidArgumentError) as caught:
    inference.update({x_ph: m.GAN_X, z_ph: POSITIVE_Z})
  # The first tensor that holds the NaN is a read of the variable: the
  # discriminator is called twice (scopes "Disc" and "Disc_1"), each call
  # reads it, and neither read waits for the other, so either may be the
  # one named.
  (name,) = found_in(caught.value.message)
  assert re.match(r"Disc(_1)?/", name) and "ReadVariableOp" in name, name


def test_debug_names_the_encoders_nan_in_a_bigan(sess):
  inference, x_ph, z_ph = build_sqrt_bigan()
  inference.initialize(n_print=0, debug=True)
  tf1.global_variables_initializer().run()
  x_bad = np.abs(m.BIGAN_X)
  x_bad[1, 2] = -1.0
  with pytest.raises(tf.errors.InvalidArgumentError) as caught:
    inference.update({x_ph: x_bad, z_ph: m.BIGAN_Z})
  assert found_in(caught.value.message) == ["Gen/Sqrt:0"]
  assert sess.run(inference.t) == 0


# print_progress without debug ----------------------------------------------


def progress_lines(text):
  return [line for line in re.split(r"[\r\n]", text) if line.strip()]


def every_step_prints(inference):
  """Lets the bar print at every due step, not at most every 10 ms."""
  inference.progbar.interval = 0.0


def nan_outside_reports(text):
  return sum(line.lower().count("nan") for line in progress_lines(text)
             if " at step " not in line)


def test_a_nan_loss_is_reported_once_and_not_printed_as_nan(sess, capsys):
  inference, x_ph, z_ph = build_log_gan()
  inference.initialize(n_iter=12, n_print=2)
  every_step_prints(inference)
  tf1.global_variables_initializer().run()
  infos = []
  for step in range(12):
    z = POSITIVE_Z if step < 3 else NEGATIVE_Z
    info = inference.update({x_ph: m.GAN_X, z_ph: z})
    inference.print_progress(info)
    infos.append(info)
  out = capsys.readouterr().out
  # NaN from step 4 on: log of a negative generator input, every step.
  assert [math.isnan(info["loss"]) for info in infos] == [False] * 3 + [
      True] * 9
  report = ("Gen Loss is NaN at step 4. It is left out of the progress bar "
            "until it is finite again; initialize(debug=True) raises an "
            "error naming the first tensor that holds NaN or Inf.")
  disc_report = report.replace("Gen Loss", "Disc Loss")
  lines = progress_lines(out)
  assert lines.count(report) == 1
  assert lines.count(disc_report) == 1
  # The bar never shows "nan"; after step 3 it shows the step alone.
  assert nan_outside_reports(out) == 0
  bars = [line for line in lines if "[" in line]
  assert [re.search(r"(\d+)/12", bar).group(1) for bar in bars] == [
      "1", "2", "4", "6", "8", "10", "12"]
  assert ["Gen Loss" in bar for bar in bars] == [True] * 2 + [False] * 5
  assert "12/12 [100%]" in lines[-1]
  assert "Gen Loss" not in lines[-1] and "Disc Loss" not in lines[-1]


def test_report_line_starts_on_a_line_of_its_own(sess, capsys):
  inference, _, _ = build_log_gan()
  inference.initialize(n_iter=10, n_print=1)
  every_step_prints(inference)
  inference.print_progress({"t": 1, "loss": 0.5, "loss_d": 1.5})
  inference.print_progress({"t": 2, "loss": float("inf"), "loss_d": 1.25})
  out = capsys.readouterr().out
  # The bar of step 1 is left open (no newline); the report closes it.
  assert "| Gen Loss: 0.500 | Disc Loss: 1.500\nGen Loss is inf at step 2." \
      in out
  assert out.endswith("| Disc Loss: 1.250")


def test_a_loss_that_recovers_is_shown_again_and_reported_again(
    sess, capsys):
  inference, _, _ = build_log_gan()
  inference.initialize(n_iter=6, n_print=1)
  every_step_prints(inference)
  steps = [(1, 0.5), (2, float("nan")), (3, float("nan")), (4, 0.25),
           (5, -float("inf")), (6, 0.125)]
  for t, loss in steps:
    inference.print_progress({"t": t, "loss": loss, "loss_d": 1.0})
  out = capsys.readouterr().out
  reports = re.findall(r"Gen Loss is (\S+) at step (\d+)\.", out)
  assert reports == [("NaN", "2"), ("-inf", "5")]
  bars = [line for line in progress_lines(out) if "[" in line]
  shown = [re.search(r"Gen Loss: (\S+)", line) for line in bars]
  assert [s.group(1) if s else None for s in shown] == [
      "0.500", None, None, "0.250", None, "0.125"]


def test_with_n_print_zero_the_report_still_comes_once(sess, capsys):
  inference, _, _ = build_log_gan()
  inference.initialize(n_iter=5, n_print=0)
  for t in range(1, 6):
    inference.print_progress({"t": t, "loss": float("nan"), "loss_d": 0.5})
  out = capsys.readouterr().out
  assert out == ("Gen Loss is NaN at step 1. It is left out of the progress "
                 "bar until it is finite again; initialize(debug=True) "
                 "raises an error naming the first tensor that holds NaN or "
                 "Inf.\n")


class SquareLoss(ed.VariationalInference):
  """A one-variable objective, (q - 3)^2, to reach VariationalInference."""

  def build_loss_and_gradients(self, var_list):
    loss = tf.square(var_list[0] - 3.0)
    return loss, list(zip(tf.gradients(loss, var_list), var_list))


def test_variational_inference_reports_its_loss_once(sess, capsys):
  q = tf1.Variable(0.0, name="q")
  inference = SquareLoss({}, {})
  inference.initialize(var_list=[q], n_iter=4, n_print=1)
  every_step_prints(inference)
  for t, loss in [(1, 9.0), (2, float("nan")), (3, float("nan")), (4, 1.0)]:
    inference.print_progress({"t": t, "loss": loss})
  out = capsys.readouterr().out
  assert re.findall(r"(\w+) is (\S+) at step (\d+)\.", out) == [
      ("Loss", "NaN", "2")]
  assert nan_outside_reports(out) == 0
  assert out.rstrip("\n").endswith("| Loss: 1.000")
