"""The MNIST tuning command on generated digits: its entropies against
the score's closed form, its settings, and the file it keeps."""

import json

import numpy as np
import pytest

from benchmarks.quality import mnist, mnist_tune
from edward_lite import criticisms
from tests.benchmarks.quality.test_mnist import generated_mnist  # noqa: F401 pylint: disable=unused-import


def test_the_score_is_the_exponential_of_the_entropies_difference():
  rng = np.random.RandomState(0)
  logits = 3.0 * rng.randn(500, 10)
  p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
  h_y, h_y_x = mnist.class_entropies(p)
  # By hand: the marginal's entropy and the mean row entropy.
  marginal = p.mean(0)
  assert h_y == pytest.approx(-np.sum(marginal * np.log(marginal)))
  assert h_y_x == pytest.approx(-np.mean(np.sum(p * np.log(p), 1)))
  # exp(E KL(p(y|x) || p(y))) = exp(H(y) - H(y|x)).
  assert np.exp(h_y - h_y_x) == pytest.approx(
      criticisms.inception_style_score(p), rel=1e-6)


def test_one_hot_rows_of_balanced_classes_give_log_ten_and_zero():
  h_y, h_y_x = mnist.class_entropies(np.eye(10)[np.arange(50) % 10])
  assert h_y == pytest.approx(np.log(10.0))
  assert h_y_x == 0.0


def test_settings_name_a_field_and_keep_its_type():
  assert mnist_tune._parse_setting("final_learning_rate=0.0") == (
      "final_learning_rate", 0.0)
  assert mnist_tune._parse_setting("activation=relu") == (
      "activation", "relu")
  assert mnist_tune._parse_setting("alad=False") == ("alad", False)
  with pytest.raises(ValueError, match=r"--set takes FIELD=VALUE; "
                     r"got 'alad'\."):
    mnist_tune._parse_setting("alad")
  with pytest.raises(ValueError, match=r"--set: 'lambda' is not a field "
                     r"of Config; the fields are latent_dim, hidden"):
    mnist_tune._parse_setting("lambda=4")


def test_a_run_keeps_its_command_config_and_curve(generated_mnist, tmp_path):  # noqa: F811 pylint: disable=redefined-outer-name
  assert mnist_tune.main(["tiny", "--seed", "3", "--steps", "5", "--every",
                          "2", "--base", "SAMPLES", "--set", "dropout=0.2",
                          "--outdir", str(tmp_path)]) == 0
  record = json.loads((tmp_path / "tiny-seed3.json").read_text())
  assert record["command"] == (
      "python -m benchmarks.quality.mnist_tune tiny --seed 3 --steps 5 "
      "--every 2 --base SAMPLES --set dropout=0.2 --outdir " + str(tmp_path))
  assert record["seed"] == 3
  assert record["config"] == dict(mnist.SAMPLES._replace(
      n_iter=5, dropout=0.2)._asdict())
  # Points at 2, 4 and the last step, 5.
  assert [point["steps"] for point in record["curve"]] == [2, 4, 5]
  for point in record["curve"]:
    assert np.exp(point["class_entropy"] - point["conditional_entropy"]) \
        == pytest.approx(point["score"], rel=1e-4)
    assert 0.0 <= point["nn1_percent"] <= 100.0
  assert set(record) >= {"date", "load_before", "load_after"}
  # The table reads the name and base back from the command.
  (loaded,) = mnist_tune.load_records(str(tmp_path))
  assert (loaded["name"], loaded["base"]) == ("tiny", "SAMPLES")
  last = record["curve"][-1]
  best = max(record["curve"], key=lambda point: point["nn1_percent"])
  lines = mnist_tune.table([loaded]).splitlines()
  assert lines[0] == ("| run | seed | config (where it differs from "
                      "mnist.NETWORKS) | steps | "
                      "1-NN % (best, at steps) | score (H(y), H(y\\|x)) | "
                      "Frechet | minutes | date (load before, after) |")
  assert lines[2].startswith(
      "| tiny | 3 | alad=True, batch_norm=True, dropout=0.2, ema_decay=0.999 "
      "| 5 | {:.2f} ({:.2f}, {}) | "
      "{:.2f} ({:.3f}, {:.3f}) |".format(
          last["nn1_percent"], best["nn1_percent"], best["steps"],
          last["score"], last["class_entropy"],
          last["conditional_entropy"]))
  assert lines[2].endswith("| {} ({:.1f}, {:.1f}) |".format(
      record["date"], record["load_before"], record["load_after"]))
  # --table writes it into the page's block, and trains nothing.
  page = tmp_path / "page.md"
  page.write_text("a\n<!-- BEGIN mnist_tuning -->\nold\n"
                  "<!-- END mnist_tuning -->\nb\n")
  mnist_tune.render(str(page), str(tmp_path))
  assert page.read_text() == ("a\n<!-- BEGIN mnist_tuning -->\n" +
                              "\n".join(lines) +
                              "\n<!-- END mnist_tuning -->\nb\n")
