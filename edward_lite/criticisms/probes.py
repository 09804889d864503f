"""Linear probes: how much of the labels a representation makes linear.

BiGAN's claim (Donahue et al., 2017) is that the encoder learns features
useful for recognition without labels. The usual check trains a linear
classifier on the frozen features E(x) and reports its accuracy on held
out examples, next to the same probe on an untrained encoder (random
features are a strong baseline on small images).
"""

import numpy as np

from edward_lite.criticisms import _checks

__all__ = ["linear_probe_accuracy"]


def linear_probe_accuracy(features, labels, test_features=None,
                          test_labels=None, C=1.0, n_folds=5, seed=0):
  """Held-out accuracy of logistic regression on fixed features.

  The probe standardizes each feature with the training rows' mean and
  standard deviation (so that trained and untrained encoders of
  different scales are probed alike), then fits scikit-learn's
  multinomial `LogisticRegression(C=C)`, which minimizes

      (1 / (2 C)) ||W||^2 - sum_i log softmax(W f_i + b)_{y_i}.

  acc = (1/m) #{j : argmax_k (W f_j + b)_k = y_j} over held-out rows:
  the given test set, or else the mean over `n_folds` stratified folds.

  Args:
    features: array of shape (n, d). Training features, e.g. E(x).
    labels: array of shape (n,). Their labels.
    test_features: array of shape (m, d) or None. Held-out features.
    test_labels: array of shape (m,) or None. Their labels; given with
      `test_features` or not at all.
    C: float > 0. Inverse strength of the L2 penalty.
    n_folds: int >= 2. Folds of the cross-validation when no test set is
      given.
    seed: int. Seed of the folds' shuffling.

  Returns:
    float in [0, 1].

  Raises:
    ImportError: scikit-learn is not installed.
    TypeError: an argument has the wrong type.
    ValueError: shapes disagree, only one of the test arrays is given,
      or a class has fewer rows than `n_folds`.

  #### Examples

  ```python
  # Labels 0 below 0 and 1 above, symmetric: the probe splits at 0.
  features = [[-2.0], [-1.5], [-1.0], [1.0], [1.5], [2.0]]
  labels = [0, 0, 0, 1, 1, 1]
  accuracy = ed.criticisms.linear_probe_accuracy(
      features, labels, test_features=[[-3.0], [3.0], [0.5]],
      test_labels=[0, 1, 0])  # 2/3: the last test label is on the wrong side
  ```
  """
  try:
    from sklearn.linear_model import LogisticRegression  # pylint: disable=g-import-not-at-top
    from sklearn.model_selection import StratifiedKFold  # pylint: disable=g-import-not-at-top
  except ImportError as error:
    raise ImportError("linear_probe_accuracy needs scikit-learn (pip install "
                      "scikit-learn): {}".format(error)) from error
  C = _checks.check_positive("C", C)
  features = _checks.as_matrix("features", features)
  labels = _checks.check_labels("labels", labels, "features", features)
  if (test_features is None) != (test_labels is None):
    raise ValueError("test_features and test_labels must be given together.")

  def fit_and_score(train_x, train_y, eval_x, eval_y):
    mean = np.mean(train_x, axis=0)
    scale = np.std(train_x, axis=0)
    scale[scale == 0] = 1.0  # A constant feature carries nothing; keep it 0.
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit((train_x - mean) / scale, train_y)
    return float(np.mean(model.predict((eval_x - mean) / scale) == eval_y))

  if test_features is not None:
    test_features = _checks.as_matrix("test_features", test_features,
                                      dimension=features.shape[1])
    test_labels = _checks.check_labels("test_labels", test_labels,
                                       "test_features", test_features)
    return fit_and_score(features, labels, test_features, test_labels)

  n_folds = _checks.check_count("n_folds", n_folds, minimum=2)
  _, counts = np.unique(labels, return_counts=True)
  if counts.min() < n_folds:
    raise ValueError("every class needs at least n_folds={} rows for "
                     "cross-validation; the smallest has {}.".format(
                         n_folds, counts.min()))
  folds = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
  scores = [fit_and_score(features[train], labels[train], features[held],
                          labels[held])
            for train, held in folds.split(features, labels)]
  return float(np.mean(scores))
