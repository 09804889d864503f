"""The anomaly benchmark: its parts, its tables and its BiGAN rows."""

import os

import numpy as np
import pytest

from benchmarks.quality import anomaly, detectors
from benchmarks.quality.models import Bigan
from edward_lite import criticisms, datasets

SEEDS = 3


def _fake_classical_results(seed=0):
  """Classical runs with known metrics: 10 classes x SEEDS seeds."""
  rng = np.random.RandomState(seed)
  results = {}
  for variant in anomaly.PARTS["classical"]:
    results[variant] = [
        {"metrics": {name: {"auroc": float(rng.rand()),
                            "auprc": float(rng.rand())}
                     for name in detectors.DETECTORS},
         "choices": {"kde_bandwidth": [0.1, 0.141, 0.2][s],
                     "gmm": ["64 x diag", "32 x diag", "64 x diag"][s],
                     "pca_components": [20, 21, 21][s],
                     "ocsvm_gamma": 0.11}}
        for s in range(SEEDS)]
  return results


def _table_rows(text, title):
  """The rows of the markdown table whose first header cell is `title`."""
  block = text.split("| " + title + " |", 1)[1].split("\n\n", 1)[0]
  rows = {}
  for line in block.strip().split("\n")[2:]:
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    rows[cells[0]] = cells[1:]
  return rows


def test_parts_split_the_variants_and_bigan_configs_are_trained_once():
  assert len(anomaly.PARTS["classical"]) == 10
  configs = {row.config for row in anomaly.BIGAN_ROWS}
  # Edward's objective at the recipe's size is a part of its own.
  assert len(anomaly.PARTS["bigan"]) == 10 * (len(configs) - 1)
  assert len(anomaly.PARTS["bigan-16d"]) == 10
  assert all(anomaly.VARIANTS[v][1] == anomaly.EDWARD_SIZED
             for v in anomaly.PARTS["bigan-16d"])
  assert sorted(anomaly.PARTS["classical"] + anomaly.PARTS["bigan"] +
                anomaly.PARTS["bigan-16d"]) == sorted(anomaly.VARIANTS)
  assert anomaly.ROWS == detectors.DETECTORS + [
      row.name for row in anomaly.BIGAN_ROWS]
  assert len(set(anomaly.ROWS)) == len(anomaly.ROWS)
  untrained = [row for row in anomaly.BIGAN_ROWS if not row.trained]
  assert [row.kind for row in untrained] == ["code-density", "combined"]
  # Each untrained row has the trained row it is the baseline of: the
  # same networks and score, so the table shows what training adds.
  trained = {(row.config, row.kind) for row in anomaly.BIGAN_ROWS
             if row.trained}
  assert all((row.config, row.kind) in trained for row in untrained)
  assert all(row.config == anomaly.RECIPE for row in untrained)


def test_table_mean_is_the_mean_of_the_per_class_medians(tmp_path):
  results = _fake_classical_results()
  text, summary = anomaly.report(results, str(tmp_path))
  for metric in ("auroc", "auprc"):
    rows = _table_rows(text, "{} per anomalous digit".format(metric.upper()))
    for name in detectors.DETECTORS:
      # class -> the metric over the seeds, read back from the runs.
      by_seed = np.array([[run["metrics"][name][metric]
                           for run in results["class {} / classical".format(k)]]
                          for k in range(10)])
      medians = np.median(by_seed, axis=1)
      seed_means = by_seed.mean(axis=0)
      assert rows[name][:10] == ["{:.3f}".format(m) for m in medians]
      assert rows[name][10] == "**{:.3f}** ({:.3f}-{:.3f})".format(
          medians.mean(), seed_means.min(), seed_means.max())
      assert summary[name]["mean_" + metric] == pytest.approx(medians.mean())
      assert summary[name]["mean_{}_range".format(metric)] == pytest.approx(
          [seed_means.min(), seed_means.max()])
    for row in anomaly.BIGAN_ROWS:
      assert rows[row.name] == ["–"] * 10 + ["not run"]
      assert row.name not in summary
  assert os.path.exists(str(tmp_path / "anomaly.png"))


def test_settings_table_reports_what_was_chosen(tmp_path):
  text, _ = anomaly.report(_fake_classical_results(), str(tmp_path))
  rows = _table_rows(text, "detector (fit on the normal training digits)")
  assert rows["Gaussian KDE"][1] == "bandwidth 0.1-0.2"
  assert rows["Gaussian mixture"][1] == "64 x diag (20), 32 x diag (10)"
  assert rows["PCA reconstruction error"][1] == "20-21 components"
  assert rows["OneClassSVM (RBF)"][1] == "gamma 0.11"
  assert "nu = 0.1" in rows["OneClassSVM (RBF)"][0]
  assert "5th nearest" in rows["k-NN distance"][0]


def test_one_seed_shows_no_range(tmp_path):
  results = {variant: runs[:1]
             for variant, runs in _fake_classical_results().items()}
  text, summary = anomaly.report(results, str(tmp_path))
  rows = _table_rows(text, "AUROC per anomalous digit")
  mean = summary["k-NN distance"]["mean_auroc"]
  assert rows["k-NN distance"][10] == "**{:.3f}**".format(mean)


@pytest.mark.slow  # two digits BiGANs built: 10-20 s
def test_bigan_rows_train_each_model_once_and_score_before_training(
    monkeypatch):
  trained = []

  class CountingBigan(Bigan):

    def train(self, x_train, seed):
      trained.append(len(x_train))
      super(CountingBigan, self).train(x_train, seed)

  monkeypatch.setattr(anomaly, "Bigan", CountingBigan)
  seed, steps = 0, 3
  # Config 2 is the recipe: its rows include the untrained ones.
  scale = steps / float(anomaly.RECIPE.n_iter)
  result = anomaly.run_task("class 3 / BiGAN config 2", seed, scale)
  recipe_rows = [row for row in anomaly.BIGAN_ROWS
                 if row.config == anomaly.RECIPE]
  assert set(result["metrics"]) == {row.name for row in recipe_rows}
  (x_train, y_train), (x_test, y_test) = datasets.digits(
      test_fraction=0.3, seed=seed)
  normal = x_train[y_train != 3]
  assert trained == [len(normal)]  # one model, trained once

  # The same networks, built again: at their initial weights, then after
  # the same steps, they give the rows' numbers.
  model = Bigan(64, anomaly.RECIPE._replace(n_iter=steps), seed)
  before = {row.name: model.anomaly_score(x_test, row.kind, normal)
            for row in recipe_rows if not row.trained}
  model.train(normal, seed)
  expected = {row.name: model.anomaly_score(x_test, row.kind, normal)
              for row in recipe_rows if row.trained}
  model.close()
  expected.update(before)
  assert len(before) == 2 and len(expected) == len(recipe_rows)
  is_anomaly = y_test == 3
  for name, scores in expected.items():
    metrics = criticisms.anomaly_detection_metrics(scores, is_anomaly)
    assert result["metrics"][name] == pytest.approx(metrics, abs=1e-6), name
  assert result["choices"] == {}


@pytest.mark.slow
def test_classical_task_on_the_digits_matches_a_brute_force_knn():
  result = anomaly.run_task("class 8 / classical", seed=100)
  assert set(result["metrics"]) == set(detectors.DETECTORS)
  (x_train, y_train), (x_test, y_test) = datasets.digits(
      test_fraction=0.3, seed=100)
  normal = x_train[y_train != 8].astype(np.float64)
  distances = np.sqrt(((x_test[:, None, :] - normal[None, :, :]) ** 2).sum(-1))
  knn = np.sort(distances, axis=1)[:, detectors.SETTINGS.knn_k - 1]
  # AUROC as the share of (anomaly, normal) pairs ordered right.
  is_anomaly = y_test == 8
  diff = knn[is_anomaly][:, None] - knn[~is_anomaly][None, :]
  auroc = np.mean((diff > 0) + 0.5 * (diff == 0))
  assert result["metrics"]["k-NN distance"]["auroc"] == pytest.approx(
      auroc, abs=1e-12)
  assert 0.02 <= result["choices"]["kde_bandwidth"] <= 1.0


def test_settings_table_without_classical_runs_says_not_run(tmp_path):
  text, _ = anomaly.report({}, str(tmp_path))
  rows = _table_rows(text, "detector (fit on the normal training digits)")
  for name in ("OneClassSVM (RBF)", "Gaussian KDE", "Gaussian mixture",
               "PCA reconstruction error"):
    assert rows[name][1] == "not run", name
  rows = _table_rows(text, "AUROC per anomalous digit")
  assert all(cells[-1] == "not run" for cells in rows.values())
