"""Benchmark 3: scikit-learn's 8x8 digits, what the encoder learned.

BiGAN's representation-learning claim (Donahue et al., 2017), checked
with a linear probe: multinomial logistic regression on the encoder's
codes E(x) of a training split, scored on a held-out split, against the
same probe on the same encoder before training. Also reported: the
label accuracy of reconstructions G(E(x)) of held-out digits and the
inception-style score of 2000 samples G(z) (at most 10), both under a
logistic-regression classifier trained on real training pixels.
"""

import numpy as np

from benchmarks.quality import common
from benchmarks.quality.models import Bigan, Config
from edward_lite import criticisms, datasets

__all__ = ["NAME", "VARIANTS", "report", "run_task", "target_rows"]

NAME = "digits"
TEST_FRACTION = 0.3
N_SAMPLES = 2000
BIGAN = Config(latent_dim=8, hidden=128, layers=1, activation="leaky_relu",
               output="sigmoid", learning_rate=2e-4, batch_size=100,
               n_iter=6000, reconstruction_weight=0.0)
VARIANTS = {
    "BiGAN (Edward's objective)": BIGAN,
    "BiGAN + ALICE term (lambda = 1)": BIGAN._replace(
        reconstruction_weight=1.0),
}
TARGETS = {"probe_gain_points": 8.0}


def pixel_classifier(x_train, y_train):
  """Logistic regression on real pixels: the judge of generated digits."""
  from sklearn.linear_model import LogisticRegression  # pylint: disable=g-import-not-at-top
  return LogisticRegression(max_iter=2000).fit(x_train, y_train)


def run_task(variant, seed, scale=1.0):
  """Trains one BiGAN on digits; returns probe and reconstruction metrics."""
  config = common.scaled(VARIANTS[variant], scale)
  (x_train, y_train), (x_test, y_test) = datasets.digits(
      test_fraction=TEST_FRACTION, seed=seed)
  classifier = pixel_classifier(x_train, y_train)
  model = Bigan(x_train.shape[1], config, seed)

  def probe():
    return 100.0 * criticisms.linear_probe_accuracy(
        model.encode(x_train), y_train, model.encode(x_test), y_test)

  untrained_probe = probe()
  model.train(x_train, seed)
  samples = model.sample(N_SAMPLES, seed=20000 + seed)
  shown = np.stack([x_test[np.flatnonzero(y_test == k)[0]]
                    for k in range(10)])
  result = {
      "probe_percent": probe(),
      "untrained_probe_percent": untrained_probe,
      "reconstruction_label_percent":
          100.0 * criticisms.reconstruction_label_accuracy(
              x_test, y_test, model.encode, model.decode, classifier),
      "score": criticisms.inception_style_score(
          classifier.predict_proba(samples)),
      "reconstruction_mse": criticisms.reconstruction_error(
          x_test, model.encode, model.decode),
      "pixel_variance": float(np.mean(np.var(x_test, axis=0))),
      "classifier_percent": 100.0 * float(np.mean(
          classifier.predict(x_test) == y_test)),
      "real_score": criticisms.inception_style_score(
          classifier.predict_proba(x_test)),
      "shown": shown.tolist(),
      "reconstructions": model.decode(model.encode(shown)).tolist(),
      "samples": samples[:10].tolist(),
  }
  model.close()
  return result


def report(results, img_dir):
  """The markdown table (median over seeds) and the figure."""
  rows, summary = [], {}
  first = next(iter(results.values()))
  for variant, runs in results.items():
    gains = [r["probe_percent"] - r["untrained_probe_percent"] for r in runs]
    gain = common.median(gains)
    summary[variant] = {
        "probe_percent": common.median([r["probe_percent"] for r in runs]),
        "probe_gain_points": gain,
        "meets_targets": bool(gain >= TARGETS["probe_gain_points"])}
    rows.append([
        variant, common.spread([r["probe_percent"] for r in runs], "{:.1f}"),
        common.spread([r["untrained_probe_percent"] for r in runs],
                      "{:.1f}"),
        common.spread(gains, "{:+.1f}"),
        common.spread([r["reconstruction_label_percent"] for r in runs],
                      "{:.1f}"),
        common.spread([r["score"] for r in runs], "{:.2f}"),
        common.spread([r["reconstruction_mse"] for r in runs], "{:.4f}")])
  rows.append([
      "real test digits (reference)", "", "", "",
      common.spread([r["classifier_percent"] for r in first], "{:.1f}"),
      common.spread([r["real_score"] for r in first], "{:.2f}"),
      "{:.4f} (pixel variance)".format(
          common.median([r["pixel_variance"] for r in first]))])
  table = common.markdown_table(
      ["model", "probe on E(x) %", "probe, untrained E %", "gain (points)",
       "reconstruction label %", "inception-style score (max 10)",
       "reconstruction MSE"], rows)
  image_rows = [("held-out x", first[0]["shown"])]
  for variant, runs in results.items():
    short = "ALICE" if "ALICE" in variant else "BiGAN"
    image_rows.append(("{} G(E(x))".format(short), runs[0]["reconstructions"]))
  for variant, runs in results.items():
    short = "ALICE" if "ALICE" in variant else "BiGAN"
    image_rows.append(("{} G(z)".format(short), runs[0]["samples"]))
  common.image_rows(image_rows, 8, img_dir, "digits.png")
  return table, summary


def target_rows(summary):
  """Rows of the targets table: [benchmark, target, measured, met]."""
  return [["digits / " + variant, "probe >= 8 points over the untrained "
           "encoder", "{:+.1f} points ({:.1f}%)".format(
               s["probe_gain_points"], s["probe_percent"]),
           s["meets_targets"]] for variant, s in summary.items()]
