"""Benchmark 4: one digit class is the anomaly (Zenati et al., 2018).

For each class k, a BiGAN is trained on the training digits of the nine
other classes; every held-out digit is then scored with
`anomaly_score` (alpha = 0.9, both kinds), class k being the positive
class. AUROC and AUPRC come from scikit-learn, per class and averaged.
Two one-class baselines see the same normal training pixels:
IsolationForest and OneClassSVM (RBF kernel, nu = 0.1), scored with
their negated decision functions.
"""

import numpy as np

from benchmarks.quality import common
from benchmarks.quality.digits import BIGAN, TEST_FRACTION
from benchmarks.quality.models import Bigan
from edward_lite import criticisms, datasets

__all__ = ["NAME", "VARIANTS", "report", "run_task"]

NAME = "anomaly"
CONFIG = BIGAN._replace(n_iter=3000)
# One task per anomalous class; every task reports every detector.
ANOMALIES = {"class {}".format(k): k for k in range(10)}
VARIANTS = {name: ("digits but {}".format(k), CONFIG)
            for name, k in ANOMALIES.items()}
DETECTORS = ["BiGAN, cross-entropy", "BiGAN, feature-matching",
             "IsolationForest (pixels)", "OneClassSVM (pixels)"]


def run_task(variant, seed, scale=1.0):
  """Trains on the other nine classes; returns each detector's AUCs."""
  from sklearn.ensemble import IsolationForest  # pylint: disable=g-import-not-at-top
  from sklearn.svm import OneClassSVM  # pylint: disable=g-import-not-at-top
  anomaly = ANOMALIES[variant]
  (x_train, y_train), (x_test, y_test) = datasets.digits(
      test_fraction=TEST_FRACTION, seed=seed)
  normal = x_train[y_train != anomaly]
  is_anomaly = y_test == anomaly
  model = Bigan(normal.shape[1], common.scaled(CONFIG, scale), seed)
  model.train(normal, seed)
  scores = {
      DETECTORS[0]: model.anomaly_score(x_test, "cross-entropy"),
      DETECTORS[1]: model.anomaly_score(x_test, "feature-matching"),
      DETECTORS[2]: -IsolationForest(random_state=seed).fit(
          normal).decision_function(x_test),
      DETECTORS[3]: -OneClassSVM(nu=0.1, gamma="scale").fit(
          normal).decision_function(x_test),
  }
  model.close()
  return {name: criticisms.anomaly_detection_metrics(score, is_anomaly)
          for name, score in scores.items()}


def report(results, img_dir):
  """Per-class AUROC and AUPRC tables (median over seeds) and the figure."""
  classes = list(results)
  header = [c.split()[1] for c in classes]
  summary, per_class, tables = {}, {}, []
  for metric in ("auroc", "auprc"):
    rows = []
    for name in DETECTORS:
      values = [common.median([r[name][metric] for r in results[c]])
                for c in classes]
      summary.setdefault(name, {})["mean_" + metric] = float(np.mean(values))
      if metric == "auroc":
        per_class[name] = values
      rows.append([name] + ["{:.2f}".format(v) for v in values] +
                  ["**{:.3f}**".format(np.mean(values))])
    tables.append(common.markdown_table(
        ["{} per anomalous digit".format(metric.upper())] + header +
        ["mean"], rows))
  _bars(per_class, header, img_dir)
  return "\n\n".join(tables), summary


def _bars(per_class, labels, img_dir):
  import matplotlib.pyplot as plt  # pylint: disable=g-import-not-at-top
  fig, ax = plt.subplots(figsize=(7.5, 2.6))
  width = 0.8 / len(per_class)
  for i, (name, values) in enumerate(per_class.items()):
    ax.bar(np.arange(len(labels)) + (i - 1.5) * width, values, width,
           label=name)
  ax.axhline(0.5, color="grey", lw=0.8, ls="--")
  ax.set_xticks(np.arange(len(labels)))
  ax.set_xticklabels(labels)
  ax.set_xlabel("anomalous digit", fontsize=8)
  ax.set_ylabel("AUROC", fontsize=8)
  ax.set_ylim(0.0, 1.0)
  ax.tick_params(labelsize=7)
  ax.legend(fontsize=6, ncol=4, loc="lower center",
            bbox_to_anchor=(0.5, 1.0), frameon=False)
  common.save(fig, img_dir, "anomaly.png")
