"""How well G(E(x)) gives x back: squared error and kept labels.

A BiGAN has no reconstruction loss, but at its optimum the encoder E
inverts the generator G (Donahue et al., 2017), so G(E(x)) should be x.
ALI's reconstructions were famously unfaithful; ALICE (Li et al., 2017)
measures them by their mean squared error, and on labelled data one can
ask whether a reconstruction keeps its label.

`encode` and `decode` are plain functions of NumPy arrays, for example
`lambda x: sess.run(zf, {x_ph: x})` and `lambda z: sess.run(xf, {z_ph:
z})`, so these functions work with any model.
"""

import numpy as np

from edward_lite.criticisms import _checks

__all__ = ["reconstruct", "reconstruction_error",
           "reconstruction_label_accuracy"]


def reconstruct(x, encode, decode):
  """G(E(x)) = decode(encode(x)), checked to have the shape of `x`.

  Args:
    x: np.ndarray. Observations, examples along axis 0.
    encode: callable. Maps observations to latent codes, E.
    decode: callable. Maps latent codes to observations, G.

  Returns:
    np.ndarray of float64, the shape of `x`.

  Raises:
    TypeError: `encode` or `decode` is not callable, or `x` does not
      hold numbers.
    ValueError: `x` is empty, or `decode` returns another shape.

  #### Examples

  ```python
  # E keeps each row's mean; G repeats it.
  x_rec = ed.criticisms.reconstruct(
      np.array([[1.0, 3.0], [2.0, 2.0]]),
      encode=lambda x: x.mean(axis=1, keepdims=True),
      decode=lambda z: np.repeat(z, 2, axis=1))  # [[2., 2.], [2., 2.]]
  ```
  """
  _checks.check_callable("encode", encode)
  _checks.check_callable("decode", decode)
  try:
    x = np.asarray(x, dtype=np.float64)
  except (TypeError, ValueError) as error:
    raise TypeError("x must be an array of numbers; got {}.".format(
        type(x).__name__)) from error
  if x.ndim == 0 or x.shape[0] == 0:
    raise ValueError("x must hold at least one example; got shape "
                     "{}.".format(x.shape))
  x_rec = np.asarray(decode(encode(x)), dtype=np.float64)
  if x_rec.shape != x.shape:
    raise ValueError("decode(encode(x)) must have the shape of x, {}; got "
                     "{}.".format(x.shape, x_rec.shape))
  return x_rec


def reconstruction_error(x, encode, decode):
  """Mean squared error of the reconstructions G(E(x)).

  mse = (1 / (n d)) sum_i sum_j (x_ij - G(E(x_i))_j)^2,

  the mean over every element, as ALICE reports it. Compare it with the
  data's variance (mean over coordinates): a model that ignores x and
  returns the data's mean scores exactly that.

  Args:
    x: np.ndarray of shape (n, ...). Observations.
    encode: callable. Maps observations to latent codes, E.
    decode: callable. Maps latent codes to observations, G.

  Returns:
    float >= 0.

  Raises:
    TypeError: `encode` or `decode` is not callable, or `x` does not
      hold numbers.
    ValueError: `x` is empty, or `decode` returns another shape.

  #### Examples

  ```python
  # With a BiGAN built as ed.BiGANInference({z_ph: zf}, {xf: x_ph}, ...):
  sess = ed.get_session()
  mse = ed.criticisms.reconstruction_error(
      x_test, lambda x: sess.run(zf, {x_ph: x}),
      lambda z: sess.run(xf, {z_ph: z}))
  ```
  """
  x_rec = reconstruct(x, encode, decode)
  return float(np.mean((np.asarray(x, np.float64) - x_rec) ** 2))


def reconstruction_label_accuracy(x, labels, encode, decode, classifier):
  """Share of reconstructions that a classifier gives the true label.

  acc = (1/n) #{i : c(G(E(x_i))) = y_i},

  where c is a classifier trained on real data. A generator that draws
  good digits but an encoder that forgets which digit it saw score
  about 1/K.

  Args:
    x: np.ndarray of shape (n, ...). Labelled observations.
    labels: array of shape (n,). Their labels y_i.
    encode: callable. Maps observations to latent codes, E.
    decode: callable. Maps latent codes to observations, G.
    classifier: object with a `predict` method (any scikit-learn
      classifier), or a callable; maps observations to labels.

  Returns:
    float in [0, 1].

  Raises:
    TypeError: `encode`, `decode` or `classifier` cannot be called.
    ValueError: shapes disagree.

  #### Examples

  ```python
  # The reconstructions move every x up by 0.6; the classifier splits at
  # 1.5, so the second example's reconstruction changes class.
  accuracy = ed.criticisms.reconstruction_label_accuracy(
      np.array([[0.0], [1.0], [2.0], [3.0]]), [0, 0, 1, 1],
      encode=lambda x: x, decode=lambda z: z + 0.6,
      classifier=lambda x: (x[:, 0] > 1.5).astype(int))  # 0.75
  ```
  """
  predict = getattr(classifier, "predict", classifier)
  _checks.check_callable("classifier", predict)
  labels = np.asarray(labels)
  if labels.ndim != 1:
    raise ValueError("labels must be a 1-D array; got shape {}.".format(
        labels.shape))
  x_rec = reconstruct(x, encode, decode)
  _checks.check_same_length("labels", labels, "x", x_rec)
  predicted = np.asarray(predict(x_rec))
  if predicted.shape != labels.shape:
    raise ValueError("classifier must return one label per example, shape "
                     "{}; got {}.".format(labels.shape, predicted.shape))
  return float(np.mean(predicted == labels))
