"""Benchmark 2: five-mode Gaussian mixtures, ALICE's toy problem.

ALICE (Li et al., 2017) trains on a 2-D mixture of five Gaussians
(centres (0, 0) and (+-2, +-2), std 0.2) with z ~ N(0, I_2) and reports
an inception-style score of the samples under a classifier of the five
components (at most 5) and the MSE of reconstructions of held-out data.
Here the classifier is the mixture's exact posterior over components.
The 1-D mixture with five modes at -4, -2, 0, 2, 4 (std 0.2, z ~ N(0, 1))
is reported too.
"""

import numpy as np

from benchmarks.quality import common
from benchmarks.quality.models import Bigan, Config
from edward_lite import criticisms, datasets

__all__ = ["NAME", "VARIANTS", "report", "run_task", "target_rows"]

NAME = "mixture"
STD = 0.2
N_SAMPLES = 2500
N_TRAIN = 50000
BIGAN = Config(latent_dim=2, hidden=128, layers=3, activation="relu",
               output="linear", learning_rate=5e-4, batch_size=128,
               n_iter=5000, reconstruction_weight=0.0)
ALICE = BIGAN._replace(reconstruction_weight=1.0)
# (data set, its sampler, its centres, the config of each variant).
PROBLEMS = {
    "2-D (ALICE's)": (datasets.mixture_2d_5, datasets.mixture_2d_5_centers,
                      2),
    "1-D": (datasets.mixture_1d_5, datasets.mixture_1d_5_centers, 1),
}
VARIANTS = {
    "2-D (ALICE's) / BiGAN (Edward's objective)": ("2-D (ALICE's)", BIGAN),
    "2-D (ALICE's) / BiGAN + ALICE term (lambda = 1)": ("2-D (ALICE's)",
                                                         ALICE),
    "1-D / BiGAN (Edward's objective)": ("1-D", BIGAN._replace(
        latent_dim=1)),
    "1-D / BiGAN + ALICE term (lambda = 1)": ("1-D", ALICE._replace(
        latent_dim=1)),
}
PAPERS = [
    ("ALI (ALICE paper, as quoted in issue #8)", "2.75", "4.71"),
    ("ALICE, lambda = 1 (ALICE paper; authors' README: 4.595 +- 0.604, "
     "0.022 +- 0.029)", "4.60", "0.022"),
]
TARGETS = {"score": 4.5}


def run_task(variant, seed, scale=1.0):
  """Trains one BiGAN on a five-mode mixture; returns its metrics."""
  problem, config = VARIANTS[variant]
  sampler, centers_of, dimension = PROBLEMS[problem]
  config = common.scaled(config, scale)
  centers = centers_of()
  x_train = sampler(N_TRAIN, seed=seed)
  x_test = sampler(N_SAMPLES, seed=10000 + seed)
  model = Bigan(dimension, config, seed)
  model.train(x_train, seed)
  samples = model.sample(N_SAMPLES, seed=20000 + seed)
  probs = criticisms.mixture_class_probabilities(samples, centers, STD)
  result = {
      "score": criticisms.inception_style_score(probs),
      "modes": criticisms.modes_covered(samples, centers, STD),
      "high_quality_percent": 100.0 * criticisms.high_quality_fraction(
          samples, centers, STD),
      "reconstruction_mse": criticisms.reconstruction_error(
          x_test, model.encode, model.decode),
      "data_variance": float(np.mean(np.var(x_test, axis=0))),
      "samples": samples.tolist(),
  }
  model.close()
  return result


def report(results, img_dir):
  """The markdown table (median over seeds) and the figure."""
  rows, summary = [], {}
  for variant, runs in results.items():
    score = common.median([r["score"] for r in runs])
    summary[variant] = {
        "score": score,
        "reconstruction_mse": common.median(
            [r["reconstruction_mse"] for r in runs]),
        "meets_targets": bool(score >= TARGETS["score"])}
    rows.append([
        variant, common.spread([r["score"] for r in runs], "{:.2f}"),
        common.spread([r["reconstruction_mse"] for r in runs], "{:.3f}"),
        common.spread([r["modes"] for r in runs], "{:.0f}"),
        common.spread([r["high_quality_percent"] for r in runs], "{:.1f}"),
        "{:.2f}".format(common.median([r["data_variance"] for r in runs]))])
  for name, score, mse in PAPERS:
    rows.append([name, score, mse, "", "", ""])
  table = common.markdown_table(
      ["data / model", "inception-style score (max 5)", "reconstruction MSE",
       "modes (of 5)", "high quality %", "data variance"], rows)
  for problem, (sampler, centers_of, _) in PROBLEMS.items():
    panels = [("data", sampler(N_SAMPLES, seed=0))]
    panels += [(variant.split(" / ")[1], np.array(runs[0]["samples"]))
               for variant, runs in results.items()
               if variant.startswith(problem)]
    filename = "mixture_2d.png" if problem.startswith("2-D") else (
        "mixture_1d.png")
    common.scatter_panels(panels, centers_of(), 5.0, img_dir, filename)
  return table, summary


def target_rows(summary):
  """Rows of the targets table: [benchmark, target, measured, met]."""
  return [["five modes, " + variant, "inception-style score >= 4.5",
           "{:.2f}".format(s["score"]), s["meets_targets"]]
          for variant, s in summary.items()]
