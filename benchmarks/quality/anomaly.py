"""Benchmark 4: one digit class is the anomaly (Zenati et al., 2018).

Protocol: for each seed, `datasets.digits(test_fraction=0.3, seed=seed)`
splits the 8x8 digits; for each digit k, every detector is fit on the
training digits of the nine other classes and scores every held-out
digit, class k being the anomaly. AUROC and AUPRC come from
`criticisms.anomaly_detection_metrics`. A table cell is the median over
the seeds; the mean column is the mean over the ten classes of those
medians, with the range over the seeds of the mean over the classes in
brackets.

The benchmark has two parts, run together or apart:

- "classical": the one-class detectors of `detectors.py`, whose
  hyperparameters are fixed in advance or chosen on the normal training
  digits only. Seconds per class.
- "bigan": `BIGAN_ROWS`, each a row name, a model config and an
  `anomaly_score` kind (alpha = 0.9). Each (class, seed) trains one BiGAN
  per distinct config and scores every kind of that config from it;
  rows with `trained=False` score the same networks before training,
  at their initial weights.
"""

import collections

import numpy as np

from benchmarks.quality import common, detectors
from benchmarks.quality.digits import BIGAN, TEST_FRACTION
from benchmarks.quality.models import Bigan
from edward_lite import criticisms, datasets

__all__ = ["BIGAN_ROWS", "BiganRow", "CLASSES", "EDWARD_SIZED",
           "EDWARD_SIZED_NAME", "NAME", "PARTS", "RECIPE", "RECIPE_NAME",
           "PART_TITLES", "ROWS", "VARIANTS", "bigan_scores", "class_seed_values",
           "report",
           "run_task", "settings_table", "summarize"]

NAME = "anomaly"
CLASSES = tuple(range(10))
CONFIG = BIGAN._replace(n_iter=3000)

# name: the table's row; config: a models.Config; kind: the
# anomaly_score kind; trained: False scores the networks before training.
BiganRow = collections.namedtuple("BiganRow",
                                  ["name", "config", "kind", "trained"])
BiganRow.__new__.__defaults__ = (True,)

# The recommended recipe for anomaly detection: ALICE's term summed over
# a row's pixels (lambda = 1), ALAD's D_xx and D_zz, an exponential
# moving average of the encoder's and generator's weights, a 16-D code and
# twice the steps. Chosen on seed 0, never on the reported seeds.
RECIPE = CONFIG._replace(latent_dim=16, n_iter=6000, reconstruction_weight=1.0,
                         reconstruction_reduction="sum", ema_decay=0.999,
                         alad=True)
RECIPE_NAME = "BiGAN recipe (ALICE sum, ALAD, EMA)"
# Edward's objective at the recipe's code size and steps: the recipe's
# rows differ from it by the options alone.
EDWARD_SIZED = CONFIG._replace(latent_dim=16, n_iter=6000)
EDWARD_SIZED_NAME = "BiGAN (Edward's objective), 16-D codes, 6000 steps"

BIGAN_ROWS = [
    BiganRow("BiGAN (Edward's objective), cross-entropy", CONFIG,
             "cross-entropy"),
    BiganRow("BiGAN (Edward's objective), feature-matching", CONFIG,
             "feature-matching"),
    BiganRow(RECIPE_NAME + ", code-density", RECIPE, "code-density"),
    BiganRow(RECIPE_NAME + ", combined", RECIPE, "combined"),
    BiganRow(RECIPE_NAME + ", cross-entropy", RECIPE, "cross-entropy"),
    BiganRow(RECIPE_NAME + ", untrained networks, code-density", RECIPE,
             "code-density", trained=False),
    BiganRow(RECIPE_NAME + ", untrained networks, combined", RECIPE,
             "combined", trained=False),
] + [BiganRow(EDWARD_SIZED_NAME + ", " + kind, EDWARD_SIZED, kind)
     for kind in ("cross-entropy", "feature-matching", "code-density",
                  "combined")]

FIGURE_ROWS = [
    "Gaussian KDE", "k-NN distance", "IsolationForest", "OneClassSVM (RBF)",
    "BiGAN (Edward's objective), cross-entropy",
    RECIPE_NAME + ", code-density",
    RECIPE_NAME + ", untrained networks, code-density"]

# Every row of the tables, classical detectors first.
ROWS = list(detectors.DETECTORS) + [row.name for row in BIGAN_ROWS]

PART_TITLES = {"classical": "Classical detectors", "bigan": "BiGAN rows",
               "bigan-16d": "Edward's objective at the recipe's size"}


def _bigan_configs():
  configs = []
  for row in BIGAN_ROWS:
    if row.config not in configs:
      configs.append(row.config)
  return configs


def _tasks():
  """variant -> (anomalous class, part, BiGAN config or None)."""
  tasks = {}
  for k in CLASSES:
    tasks["class {} / classical".format(k)] = (k, "classical", None)
  for index, config in enumerate(_bigan_configs()):
    for k in CLASSES:
      # Its own part, so that adding it left the other rows' runs as
      # they were measured.
      part = "bigan-16d" if config == EDWARD_SIZED else "bigan"
      tasks["class {} / BiGAN config {}".format(k, index + 1)] = (
          k, part, config)
  return tasks


_TASKS = _tasks()
# One run of `run_task` per variant and seed; a part is a list of them.
VARIANTS = {variant: ("digits but {}".format(k),
                      detectors.SETTINGS if config is None else config)
            for variant, (k, _, config) in _TASKS.items()}
PARTS = {part: [v for v, task in _TASKS.items() if task[1] == part]
         for part in PART_TITLES}


def run_task(variant, seed, scale=1.0):
  """Fits one part's detectors with one class left out; scores the test set.

  Args:
    variant: str. A key of `VARIANTS`.
    seed: int. Seed of the split, the detectors and the networks.
    scale: float. Share of the BiGAN steps to run (classical detectors
      are always fit in full).

  Returns:
    dict with "metrics" (row name -> {"auroc", "auprc"}) and "choices"
    (the hyperparameters the classical detectors chose; empty for BiGAN).
  """
  anomaly, part, config = _TASKS[variant]
  (x_train, y_train), (x_test, y_test) = datasets.digits(
      test_fraction=TEST_FRACTION, seed=seed)
  normal = x_train[y_train != anomaly]
  if part == "classical":
    scores, choices = detectors.fit_and_score(normal, x_test, seed)
  else:
    scores, choices = _bigan_scores(normal, x_test, config, seed, scale), {}
  is_anomaly = y_test == anomaly
  return {"metrics": {name: criticisms.anomaly_detection_metrics(
      score, is_anomaly) for name, score in scores.items()},
          "choices": choices}


def _bigan_scores(normal, x, config, seed, scale):
  """Scores of every row of `config`: untrained ones, then trained ones."""
  rows = [row for row in BIGAN_ROWS if row.config == config]
  return bigan_scores(rows, normal, x, config, seed, scale)


def bigan_scores(rows, normal, x, config, seed, scale):
  """One BiGAN's scores of `x` for `rows` (each a name, kind, trained).

  The rows with `trained=False` score the networks at their initial
  weights; then the BiGAN trains on `normal` and scores the others.
  """
  model = Bigan(normal.shape[1], common.scaled(config, scale), seed)
  try:
    scores = {row.name: model.anomaly_score(x, row.kind, normal)
              for row in rows if not row.trained}
    model.train(normal, seed)
    scores.update({row.name: model.anomaly_score(x, row.kind, normal)
                   for row in rows if row.trained})
  finally:
    model.close()
  return scores


def class_seed_values(results, metric):
  """row name -> class -> the metric over the seeds, in the seeds' order."""
  values = {}
  for variant, runs in results.items():
    anomaly = _TASKS[variant][0]
    for run in runs:
      for name, metrics in run["metrics"].items():
        values.setdefault(name, {}).setdefault(anomaly, []).append(
            metrics[metric])
  return values


def summarize(per_class):
  """Medians over seeds per class, their mean, and the seeds' range.

  Args:
    per_class: dict, class -> the metric over the seeds (one length).

  Returns:
    (medians in `CLASSES` order, mean of the medians, (lowest, highest)
    over the seeds of the mean over the classes).
  """
  table = np.array([per_class[k] for k in CLASSES], dtype=np.float64)
  medians = np.median(table, axis=1)
  seed_means = table.mean(axis=0)
  return (medians.tolist(), float(medians.mean()),
          (float(seed_means.min()), float(seed_means.max())))


def report(results, img_dir):
  """AUROC and AUPRC tables, the classical settings table and the figure.

  Rows whose runs are missing (a part not run) are listed as not run.

  Args:
    results: dict, variant -> list of `run_task` results, one per seed.
    img_dir: str. Where the figure goes.

  Returns:
    (markdown text, summary: row name -> mean AUROC and AUPRC, their
    ranges over the seeds and the per-class medians).
  """
  summary, shown, tables = {}, {}, []
  for metric in ("auroc", "auprc"):
    values = class_seed_values(results, metric)
    rows = []
    for name in ROWS:
      per_class = values.get(name, {})
      if set(per_class) != set(CLASSES):
        rows.append([name] + ["–"] * len(CLASSES) + ["not run"])
        continue
      medians, mean, (low, high) = summarize(per_class)
      entry = summary.setdefault(name, {})
      entry["mean_" + metric] = mean
      entry["mean_{}_range".format(metric)] = [low, high]
      entry[metric] = medians
      if metric == "auroc":
        shown[name] = medians
      mean_text = "**{:.3f}**".format(mean)
      if len(per_class[CLASSES[0]]) > 1:
        mean_text += " ({:.3f}-{:.3f})".format(low, high)
      rows.append([name] + ["{:.3f}".format(v) for v in medians] +
                  [mean_text])
    tables.append(common.markdown_table(
        ["{} per anomalous digit".format(metric.upper())] +
        [str(k) for k in CLASSES] + ["mean (range over seeds)"], rows))
  tables.append(settings_table(results))
  # The figure keeps a few rows legible: the best classical detectors,
  # the two baselines shown before, Edward's objective and the recipe
  # trained and untrained; the tables have every row.
  figure_rows = [name for name in FIGURE_ROWS if name in shown] or list(shown)
  _bars({name: shown[name] for name in figure_rows},
        [str(k) for k in CLASSES], img_dir,
        hatched={row.name for row in BIGAN_ROWS})
  return "\n\n".join(tables), summary


def settings_table(results):
  """How each classical detector was set, and what it chose."""
  s = detectors.SETTINGS
  choices = [run["choices"] for variant, runs in results.items()
             if _TASKS[variant][1] == "classical" for run in runs]
  held_out = "{:.0f}% of the normal training digits held out".format(
      100 * s.validation_fraction)
  grid = ", ".join("{} {}-{}".format(kind, min(sizes), max(sizes))
                   for kind, sizes in s.gmm_grid.items())
  rows = [
      ["IsolationForest", "{} trees of at most 256 digits "
       "(scikit-learn's defaults)".format(s.forest_trees), ""],
      ["OneClassSVM (RBF)", "gamma = 'scale' = 1 / (64 var(x)), nu = "
       "{}".format(s.ocsvm_nu), _chosen(choices, "ocsvm_gamma", "gamma {}")],
      ["LocalOutlierFactor", "novelty=True, {} neighbours".format(
          s.lof_neighbors), ""],
      ["Gaussian KDE", "exact; bandwidth with the highest mean "
       "log-likelihood of {}, from {:g} to {:g} in {} geometric steps".format(
           held_out, min(s.kde_bandwidths), max(s.kde_bandwidths),
           len(s.kde_bandwidths)),
       _chosen(choices, "kde_bandwidth", "bandwidth {}")],
      ["Gaussian mixture", "components x covariance with the highest mean "
       "log-likelihood of the same {} (powers of 2: {}), reg_covar = "
       "(1/16)^2/12, one k-means start".format(held_out, grid),
       _chosen(choices, "gmm")],
      ["k-NN distance", "Euclidean distance to the {}th nearest normal "
       "training digit".format(s.knn_k), ""],
      ["PCA reconstruction error", "squared distance to the span of the "
       "fewest principal components explaining {:.0f}% of the normal "
       "training digits' variance".format(100 * s.pca_variance),
       _chosen(choices, "pca_components", "{} components")],
  ]
  return common.markdown_table(
      ["detector (fit on the normal training digits)", "setting",
       "chosen (all classes and seeds)"], rows)


def _chosen(choices, key, template="{}"):
  """"low-high" of a numeric choice, or each value with its count."""
  values = [c[key] for c in choices if key in c]
  if not values:
    return "not run"
  if isinstance(values[0], str):
    counts = collections.Counter(values)
    return template.format(", ".join(
        "{} ({})".format(value, count)
        for value, count in counts.most_common()))
  low, high = min(values), max(values)
  fmt = "{:d}" if isinstance(low, int) else "{:.3g}"
  text = fmt.format(low)
  if high != low:
    text += "-" + fmt.format(high)
  return template.format(text)


def _bars(per_class, labels, img_dir, hatched=()):
  """Grouped bars of AUROC per class and their mean, one bar per row."""
  import matplotlib.pyplot as plt  # pylint: disable=g-import-not-at-top
  fig, ax = plt.subplots(figsize=(10.0, 3.0))
  groups = np.arange(len(labels) + 1)
  width = 0.85 / max(1, len(per_class))
  colors = plt.get_cmap("tab20").colors
  for i, (name, values) in enumerate(per_class.items()):
    offset = (i - (len(per_class) - 1) / 2.0) * width
    ax.bar(groups + offset, list(values) + [np.mean(values)], width,
           label=name, color=colors[_color_index(i)],
           hatch="///" if name in hatched else None, edgecolor="white",
           linewidth=0.3)
  ax.axhline(0.5, color="grey", lw=0.8, ls="--")
  ax.axvline(len(labels) - 0.5, color="grey", lw=0.5)
  ax.set_xticks(groups)
  ax.set_xticklabels(list(labels) + ["mean"])
  ax.set_xlim(-0.5, len(labels) + 0.5)
  ax.set_xlabel("anomalous digit (median over seeds)", fontsize=8)
  ax.set_ylabel("AUROC", fontsize=8)
  ax.set_ylim(0.0, 1.0)
  ax.tick_params(labelsize=7)
  ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0),
            frameon=False)
  common.save(fig, img_dir, "anomaly.png")


def _color_index(i):
  """tab20's ten dark colours first, then its ten light ones."""
  return 2 * i if i < 10 else (2 * (i - 10) + 1) % 20
