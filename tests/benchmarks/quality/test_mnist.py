"""The MNIST benchmark's pieces on generated digits (the tests never read
MNIST): the judge, the reference rows against NumPy, one BiGAN run, and
the tables."""

import numpy as np
import pytest

from benchmarks.quality import judge, mnist


def _generated_digits(n_train=300, n_test=100, dim=784, noise=0.35, seed=0):
  """Ten classes, each a random prototype in [0, 1] plus noise."""
  rng = np.random.RandomState(seed)
  prototypes = rng.rand(10, dim)

  def split(n):
    labels = np.arange(n) % 10
    x = prototypes[labels] + noise * rng.randn(n, dim)
    return np.clip(x, 0.0, 1.0).astype(np.float32), labels.astype(np.uint8)

  return split(n_train), split(n_test)


def _numpy_1nn(train, labels, test, test_labels):
  distances = ((test[:, None, :] - train[None, :, :]) ** 2).sum(-1)
  return 100.0 * np.mean(labels[np.argmin(distances, 1)] == test_labels)


def test_judge_runs_the_trained_network_in_numpy_and_is_cached(
    tmp_path, monkeypatch):
  # Prototypes about 1.8 apart, noise 0.1 a pixel: nearly separable.
  (x, y), (x_test, y_test) = _generated_digits(dim=20, noise=0.1)
  first = judge.cached_judge(x, y, seed=0, cache_dir=str(tmp_path))
  assert first.accuracy(x_test, y_test) >= 0.95
  # Softmax of the logits layer on the ReLU features, computed here.
  kernel, bias = first.weights[-1]
  logits = first.features(x_test).astype(np.float64) @ kernel + bias
  expected = np.exp(logits - logits.max(1, keepdims=True))
  expected /= expected.sum(1, keepdims=True)
  np.testing.assert_allclose(first.probabilities(x_test), expected,
                             rtol=1e-5, atol=1e-7)
  assert first.features(x_test).shape == (100, judge.HIDDEN)
  # The second call reads the file instead of training.
  monkeypatch.setattr(judge, "train_judge", lambda *args: 1 / 0)
  again = judge.cached_judge(x, y, seed=0, cache_dir=str(tmp_path))
  for (w1, b1), (w2, b2) in zip(first.weights, again.weights):
    np.testing.assert_array_equal(w1, w2)
    np.testing.assert_array_equal(b1, b2)
  assert [p.name for p in tmp_path.iterdir()][0].startswith("judge-")
  # Other data is another file: it would have to train (and here fails).
  with pytest.raises(ZeroDivisionError):
    judge.cached_judge(x[:-1], y[:-1], seed=0, cache_dir=str(tmp_path))


@pytest.fixture()
def generated_mnist(tmp_path, monkeypatch):
  data = _generated_digits()
  monkeypatch.setattr(mnist, "load_data", lambda: data)
  monkeypatch.setattr(mnist, "CACHE_DIR", str(tmp_path / "cache"))
  mnist.prepare(1.0)
  return data


def test_reference_rows_match_numpy(generated_mnist):
  (x, y), (x_test, y_test) = generated_mnist
  result = mnist.run_task(mnist.REFERENCE, seed=0)
  assert result["pixels"]["nn1_percent"] == pytest.approx(
      _numpy_1nn(x, y, x_test, y_test))
  # PCA by SVD here: projections equal scikit-learn's up to the signs of
  # the axes, which no distance sees.
  mean = x.mean(0)
  axes = np.linalg.svd(x - mean, full_matrices=False)[2][:50].T
  assert result["pca"]["nn1_percent"] == pytest.approx(
      _numpy_1nn((x - mean) @ axes, y, (x_test - mean) @ axes, y_test))
  assert result["pixel_variance"] == pytest.approx(
      np.mean(np.var(x_test, axis=0)), rel=1e-5)
  the_judge = judge.cached_judge(x, y, mnist.JUDGE_SEED, mnist.CACHE_DIR)
  assert result["classifier_percent"] == pytest.approx(
      100.0 * the_judge.accuracy(x_test, y_test))
  assert 1.0 <= result["score"] <= 10.0


@pytest.mark.parametrize("variant", [mnist.RECOMMENDED_NAME,
                                     mnist.SAMPLES_NAME])
def test_a_bigan_run_measures_its_codes_along_the_way(generated_mnist,
                                                     variant):
  # 8 steps, checkpoints at 2, 4, 6, 8.
  scale = 8.0 / mnist.VARIANTS[variant].n_iter
  result = mnist.run_task(variant, seed=0, scale=scale)
  assert [step for step, _ in result["curve"]] == [2, 4, 6, 8]
  # The last point of the curve is the final codes' accuracy.
  assert result["curve"][-1][1] == pytest.approx(result["nn1_percent"])
  assert 0.0 <= result["untrained"]["nn1_percent"] <= 100.0
  assert 1.0 <= result["score"] <= 10.0 and result["frechet"] >= 0.0
  assert np.exp(result["class_entropy"] - result["conditional_entropy"]) \
      == pytest.approx(result["score"], rel=1e-6)
  assert np.shape(result["shown"]) == (10, 784)
  assert np.shape(result["reconstructions"]) == (10, 784)
  assert np.shape(result["samples"]) == (10, 784)
  assert result["train_minutes"] <= result["minutes"]


def _fake_results():
  def bigan(nn1s, scores, entropies=None):
    runs = [{"nn1_percent": n, "probe_percent": n - 1.0, "score": s,
             "frechet": 10.0 - s, "reconstruction_mse": 0.01,
             "minutes": 9.0, "train_minutes": 7.0,
             "untrained": {"nn1_percent": 90.0, "probe_percent": 88.0},
             "curve": [[2000, n - 1.0], [8000, n]],
             "shown": [[0.0] * 784] * 10,
             "reconstructions": [[0.5] * 784] * 10,
             "samples": [[1.0] * 784] * 10} for n, s in zip(nn1s, scores)]
    for run, (h_y, h_y_x) in zip(runs, entropies or []):
      run.update(class_entropy=h_y, conditional_entropy=h_y_x)
    return runs
  return {
      # Edward's runs as stored before the entropies were kept.
      mnist.EDWARD_NAME: bigan([95.0, 96.0, 94.0], [6.0, 7.0, 5.0]),
      mnist.RECOMMENDED_NAME: bigan(
          [97.5, 97.2, 97.45], [9.0, 8.0, 8.5],
          [(2.25, 0.05), (2.2, 0.12), (2.3, 0.1)]),
      mnist.REFERENCE: [{
          "pixels": {"nn1_percent": 96.91, "probe_percent": 92.5},
          "pca": {"nn1_percent": 97.3, "probe_percent": 91.0},
          "classifier_percent": 98.2, "score": 9.6, "frechet": 0.5,
          "class_entropy": 2.3, "conditional_entropy": 0.0187,
          "pixel_variance": 0.095, "shown": [[0.0] * 784] * 10}]}


def test_tables_and_targets_from_known_results(tmp_path):
  text, summary = mnist.report(_fake_results(), str(tmp_path))
  assert (tmp_path / "mnist.png").exists()
  lines = text.splitlines()
  assert ("| " + mnist.RECOMMENDED_NAME +
          " | 97.45 (97.20-97.50) | 96.45 (96.20-96.50) | {} | "
          "9.0 (9.0-9.0) |".format(mnist.NETWORKS.n_iter)) in lines
  assert "| raw pixels (784-D) | 96.91 | 92.50 |  |  |" in lines
  assert ("| untrained encoder (recommended's networks) | 90.00 "
          "(90.00-90.00) | 88.00 (88.00-88.00) | 0 |  |") in lines
  # Score 8.5 of the real digits' 9.6: 0.885.
  assert ("| " + mnist.RECOMMENDED_NAME + " | 8.50 (8.00-9.00) | "
          "2.250 (2.200-2.300); 0.100 (0.050-0.120) | 1.50 "
          "(1.00-2.00) | 0.89 (0.83-0.94) | 0.0100 (0.0100-0.0100) |"
          ) in lines
  assert ("| real digits (test set; Frechet: 10,000 training digits) | "
          "9.60 | 2.300; 0.019 | 0.50 |  | 0.0950 (pixel variance) |"
          ) in lines
  # Runs stored without the entropies leave their cell empty.
  assert any(line.startswith("| " + mnist.EDWARD_NAME + " | 6.00 "
                             "(5.00-7.00) |  | ") for line in lines)
  assert "| " + mnist.EDWARD_NAME + " | 2000 | 94.00 (93.00-95.00) |" in lines
  rows = mnist.target_rows(summary)
  assert [row[3] for row in rows] == [True, True, False]
  assert rows[1][2] == "97.45%"
  assert rows[2][2] == "8.50 (89% of 9.60)"


def test_anomaly_rows_and_target_from_known_metrics(tmp_path):
  from benchmarks.quality import detectors, mnist_anomaly  # pylint: disable=g-import-not-at-top
  def run(auroc, auprc, names):
    return {"metrics": {n: {"auroc": auroc, "auprc": auprc} for n in names},
            "choices": {}, "minutes": 2.0}
  bigan_names = [row.name for row in mnist_anomaly.BIGAN_ROWS]
  results = {
      "classical": [run(0.90, 0.50, detectors.DETECTORS),
                    run(0.92, 0.40, detectors.DETECTORS),
                    run(0.91, 0.60, detectors.DETECTORS)],
      "bigan": [run(0.95, 0.55, bigan_names), run(0.97, 0.65, bigan_names),
                run(0.93, 0.45, bigan_names)]}
  text, summary = mnist_anomaly.report(results, str(tmp_path))
  assert "| k-NN distance | 0.910 (0.900-0.920) | 0.500 (0.400-0.600) |" in (
      text.splitlines())
  # AUROC 0.95 > 0.91 but AUPRC 0.55 > 0.50 too: above every classical.
  assert summary[bigan_names[0]]["above_every_classical"] is True
  row, = mnist_anomaly.target_rows(summary)
  assert row[2] == "0.950 / 0.550 (best classical 0.910 / 0.500)"
  assert row[3] is True


def test_anomaly_run_on_generated_digits(monkeypatch):
  from benchmarks.quality import detectors, mnist_anomaly  # pylint: disable=g-import-not-at-top
  (x, y), (x_test, y_test) = _generated_digits(n_train=200, n_test=60)
  monkeypatch.setattr(mnist, "load_data", lambda: ((x, y), (x_test, y_test)))
  settings = mnist_anomaly.SETTINGS._replace(ocsvm_max_rows=50)
  monkeypatch.setattr(mnist_anomaly, "SETTINGS", settings)
  result = mnist_anomaly.run_task("classical", seed=0)
  assert sorted(result["metrics"]) == sorted(detectors.DETECTORS)
  # The k-NN row against NumPy: distance to the 5th nearest normal digit.
  normal = x[y != mnist_anomaly.DIGIT].astype(np.float64)
  distances = np.sqrt(((x_test[:, None, :].astype(np.float64) -
                        normal[None]) ** 2).sum(-1))
  knn = np.sort(distances, axis=1)[:, 4]
  from sklearn.metrics import roc_auc_score  # pylint: disable=g-import-not-at-top
  assert result["metrics"]["k-NN distance"]["auroc"] == pytest.approx(
      roc_auc_score(y_test == mnist_anomaly.DIGIT, knn))


def test_anomaly_bigan_part_scores_every_row(monkeypatch):
  from benchmarks.quality import mnist_anomaly  # pylint: disable=g-import-not-at-top
  data = _generated_digits(n_train=200, n_test=60)
  monkeypatch.setattr(mnist, "load_data", lambda: data)
  result = mnist_anomaly.run_task(
      "bigan", seed=0, scale=4.0 / mnist_anomaly.RECIPE.n_iter)
  assert sorted(result["metrics"]) == sorted(
      row.name for row in mnist_anomaly.BIGAN_ROWS)
  for metrics in result["metrics"].values():
    assert 0.0 <= metrics["auroc"] <= 1.0
    # Average precision is at least the share of anomalies it must find
    # last, and at most 1.
    assert 0.0 < metrics["auprc"] <= 1.0


def test_parts_cover_every_variant_once_and_rows_differ_by_options():
  parts = [v for variants in mnist.PARTS.values() for v in variants]
  assert sorted(parts) == sorted(mnist.VARIANTS)
  assert set(mnist.PARTS) == set(mnist.PART_TITLES)
  # The trained rows share the layers, rates and batches; they differ in
  # the objective's options, the codes row in its discriminator's dropout
  # and the samples row in its generator's batch norm, as the module says.
  shared = ("latent_dim", "hidden", "layers", "activation", "output",
            "learning_rate", "batch_size")
  configs = [mnist.VARIANTS[v] for v in mnist.TRAINED]
  for field in shared:
    assert len({getattr(c, field) for c in configs}) == 1, field
  assert [c.reconstruction_weight for c in configs] == [0.0, 16.0, 64.0,
                                                        0.0]
  assert [c.n_iter for c in configs] == [6000, 6000, 6000, 6000]
  assert [c.dropout for c in configs] == [0.0, 0.0, 0.2, 0.0]
  assert [c.batch_norm for c in configs] == [False, False, False, True]
  assert [c.conv_channels for c in configs] == [0, 0, 0, 0]
  # Edward's row is Edward's objective: none of the options.
  edward = mnist.VARIANTS[mnist.EDWARD_NAME]
  assert (edward.ema_decay, edward.alad, edward.spectral_norm) == (
      None, False, False)


def test_runs_kept_without_arrays_leave_the_figure_alone(tmp_path):
  results = _fake_results()
  for runs in results.values():
    for run in runs:
      for key in ("shown", "reconstructions", "samples"):
        run.pop(key, None)
  text, _ = mnist.report(results, str(tmp_path))
  assert not (tmp_path / "mnist.png").exists()
  assert "| raw pixels (784-D) | 96.91 | 92.50 |  |  |" in text.splitlines()
