"""The adversarial objectives, as pure functions of discriminator outputs.

The inference classes wire scopes, collections and optimizers; the
arithmetic of each objective lives here so that it can be checked
against NumPy on its own.

Each function returns `(loss, loss_d)`: the generator's objective and
the discriminator's, both scalars, before regularization.
"""

from edward_lite._tf import tf, tf1

__all__ = [
    "RECONSTRUCTION_REDUCTIONS",
    "add_regularization",
    "alad_cycle_losses",
    "bigan_losses",
    "gan_losses",
    "gradient_penalty",
    "ratio_hinge_loss",
    "ratio_log_loss",
    "ratio_objectives",
    "reconstruction_penalty",
    "wgan_losses",
]

# How ALICE's squared error is reduced over the elements of one example.
RECONSTRUCTION_REDUCTIONS = ("mean", "sum")


# (1e-12)^2: slopes below 1e-12 count as 1e-12, which moves (slope - 1)^2
# by less than float32 can represent.
_SQUARED_NORM_FLOOR = 1e-24


def _cross_entropy(logits, label, lean=False):
  """Sigmoid cross-entropy of `logits` against a constant 0/1 label.

  With `lean`, as one softplus, log(1 + exp(-logits)) for label 1 and
  log(1 + exp(logits)) for 0: the same value to float rounding, from one
  op (and one gradient op) instead of TensorFlow's general formula of
  seven with a tensor of labels.
  """
  if lean:
    return tf.nn.softplus(-logits if label else logits)
  labels = tf.ones_like(logits) if label else tf.zeros_like(logits)
  return tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)


def gan_losses(d_true, d_fake, lean=False):
  """The GAN objectives of Goodfellow et al. (2014), non-saturating form.

  loss_d = mean(-log sigmoid(d_true) - log(1 - sigmoid(d_fake)))
  loss   = mean(-log sigmoid(d_fake))

  Args:
    d_true: tf.Tensor. Discriminator logits on observed data.
    d_fake: tf.Tensor. Discriminator logits on generated data.
    lean: bool. Cross-entropies as softplus ops (see `_cross_entropy`).

  Returns:
    (loss, loss_d), scalar tf.Tensors.
  """
  loss_d = tf.reduce_mean(_cross_entropy(d_true, 1, lean) +
                          _cross_entropy(d_fake, 0, lean))
  loss = tf.reduce_mean(_cross_entropy(d_fake, 1, lean))
  return loss, loss_d


def bigan_losses(d_data_pair, d_model_pair, lean=False):
  """The BiGAN/ALI objectives with Edward's labels.

  The discriminator labels the model's pair (G(z), z) 1 and the data's
  pair (x, E(x)) 0; encoder and generator aim for the opposite labels.

  loss_d = mean(CE(d_model_pair, 1) + CE(d_data_pair, 0))
  loss   = mean(CE(d_model_pair, 0) + CE(d_data_pair, 1))

  Args:
    d_data_pair: tf.Tensor. Discriminator logits on (x, E(x)).
    d_model_pair: tf.Tensor. Discriminator logits on (G(z), z).
    lean: bool. Cross-entropies as softplus ops (see `_cross_entropy`).

  Returns:
    (loss, loss_d), scalar tf.Tensors.
  """
  loss_d = tf.reduce_mean(_cross_entropy(d_model_pair, 1, lean) +
                          _cross_entropy(d_data_pair, 0, lean))
  loss = tf.reduce_mean(_cross_entropy(d_model_pair, 0, lean) +
                        _cross_entropy(d_data_pair, 1, lean))
  return loss, loss_d


def alad_cycle_losses(d_matched, d_cycled, lean=False):
  """The objectives of one of ALAD's cycle discriminators (Zenati et al., 2018).

  D_xx tells the matched pair (x, x) from the cycled pair (x, G(E(x)));
  D_zz tells (z, z) from (z, E(G(z))). As in ALAD, the discriminator
  labels the matched pair 1 and the cycled pair 0, and the encoder and
  generator aim for the opposite labels:

  loss_d = mean(CE(d_matched, 1) + CE(d_cycled, 0))
  loss   = mean(CE(d_matched, 0) + CE(d_cycled, 1))

  Args:
    d_matched: tf.Tensor. Discriminator logits on the matched pairs.
    d_cycled: tf.Tensor. Discriminator logits on the cycled pairs.
    lean: bool. Cross-entropies as softplus ops (see `_cross_entropy`).

  Returns:
    (loss, loss_d), scalar tf.Tensors.
  """
  # BiGAN's objectives with the matched pair where the model's pair is
  # (labelled 1) and the cycled pair where the data's pair is (labelled 0).
  return bigan_losses(d_cycled, d_matched, lean)


def reconstruction_penalty(x, x_rec, weight, reduction="mean"):
  """ALICE's explicit cycle-consistency term (Li et al., 2017).

  "mean": weight * mean_ij (x_ij - x_rec_ij)^2, the mean over every
  element of the batch (edward_lite's first form of the option);
  "sum":  weight * mean_i sum_j (x_ij - x_rec_ij)^2, a squared error
  per example (summed over its elements j), averaged over examples i.

  Args:
    x: tf.Tensor. The observed batch, examples along axis 0.
    x_rec: tf.Tensor. Its reconstruction G(E(x)), of the same shape.
    weight: float. The coefficient lambda.
    reduction: str. "mean" or "sum", as above.

  Returns:
    Scalar tf.Tensor.

  Raises:
    ValueError: if `reduction` is neither "mean" nor "sum".
  """
  if reduction not in RECONSTRUCTION_REDUCTIONS:
    raise ValueError("reduction must be 'mean' or 'sum'; got {!r}.".format(
        reduction))
  x = tf.convert_to_tensor(x)
  x_rec = tf.cast(x_rec, x.dtype)
  squared = tf.square(x - x_rec)
  if reduction == "sum":
    # Every axis but the examples'; none for a batch of scalars.
    squared = tf.reduce_sum(squared, axis=tf.range(1, tf.rank(squared)))
  return tf.cast(weight, x.dtype) * tf.reduce_mean(squared)


def wgan_losses(d_true, d_fake):
  """The Wasserstein GAN objectives of Arjovsky et al. (2017).

  loss_d = mean(d_fake) - mean(d_true)
  loss   = -mean(d_fake)

  Args:
    d_true: tf.Tensor. Critic outputs on observed data.
    d_fake: tf.Tensor. Critic outputs on generated data.

  Returns:
    (loss, loss_d), scalar tf.Tensors.
  """
  mean_fake = tf.reduce_mean(d_fake)
  loss_d = mean_fake - tf.reduce_mean(d_true)
  return -mean_fake, loss_d


def gradient_penalty(critic, x_true, x_fake, weight, seed=None):
  """The gradient penalty of Gulrajani et al. (2017).

  weight * mean_i (||grad critic(x_hat_i)||_2 - 1)^2, where
  x_hat_i = eps_i * x_true_i + (1 - eps_i) * x_fake_i and eps_i is drawn
  uniformly on [0, 1) once per example, as in Edward 1.3.5 (its master
  drew one per element).

  Args:
    critic: callable. Maps a batch like `x_true` to critic outputs; it
      must reuse the critic's variables.
    x_true: tf.Tensor. Observed batch, examples along axis 0.
    x_fake: tf.Tensor. Generated batch of the same shape.
    weight: float. The penalty's coefficient.
    seed: int. Op-level seed of the interpolation weights.

  Returns:
    (penalty, x_hat): the scalar penalty and the interpolated batch.
  """
  x_true = tf.convert_to_tensor(x_true)
  x_fake = tf.convert_to_tensor(x_fake, dtype=x_true.dtype)
  rank = x_true.shape.ndims
  eps_shape = tf.concat([tf.shape(x_true)[:1], tf.ones([rank - 1], tf.int32)],
                        axis=0)
  eps = tf1.random_uniform(eps_shape, dtype=x_true.dtype, seed=seed)
  x_hat = eps * x_true + (1.0 - eps) * x_fake
  grad = tf.gradients(critic(x_hat), [x_hat])[0]
  squared_norms = tf.reduce_sum(tf.square(grad), axis=list(range(1, rank)))
  # sqrt has an infinite derivative at 0, and a ReLU critic's gradient is
  # exactly 0 wherever all its units are off: Edward's plain sqrt then
  # turned the whole update into NaN. Flooring the square at a value far
  # below float32 resolution of the penalty changes no value but keeps
  # the derivative finite.
  slopes = tf.sqrt(tf.maximum(squared_norms, _SQUARED_NORM_FLOOR))
  return weight * tf.reduce_mean(tf.square(slopes - 1.0)), x_hat


def ratio_log_loss(psample, qsample, lean=False):
  """ImplicitKLqp's pointwise log loss of a ratio estimator (Edward's 'log').

  CE(r_p, 1) + CE(r_q, 0) = -log sigmoid(r_p) - log(1 - sigmoid(r_q)):
  the estimator learns to tell the model's samples (label 1) from the
  variational ones (label 0), so that at its optimum r = log p / q.

  Args:
    psample: tf.Tensor. Estimator outputs on samples of the model p.
    qsample: tf.Tensor. Estimator outputs on samples of q; of a shape
      that broadcasts with `psample`.
    lean: bool. Cross-entropies as softplus ops (see `_cross_entropy`).

  Returns:
    tf.Tensor, the broadcast shape of the two, one loss per point.
  """
  return _cross_entropy(psample, 1, lean) + _cross_entropy(qsample, 0, lean)


def ratio_hinge_loss(psample, qsample):
  """ImplicitKLqp's pointwise hinge loss (Edward's 'hinge').

  relu(1 - r_p) + relu(1 + r_q): zero once the estimator puts the
  model's samples at 1 or above and the variational ones at -1 or below.

  Args:
    psample: tf.Tensor. Estimator outputs on samples of the model p.
    qsample: tf.Tensor. Estimator outputs on samples of q.

  Returns:
    tf.Tensor, one loss per point.
  """
  return tf.nn.relu(1.0 - psample) + tf.nn.relu(1.0 + qsample)


def ratio_objectives(r_psample, r_qsample, scale, ratio_loss):
  """The ratio estimator's loss and the scaled ratio of ImplicitKLqp.

  With at most one item in `scale` (factor s, 1.0 if none), the outputs
  are tensors and

  loss_d       = mean(ratio_loss(r_p, r_q))
  scaled_ratio = sum(s * r_q);

  with several, the outputs are dicts with `scale`'s keys, and both are
  summed over the keys: loss_d = sum_k mean(ratio_loss(r_p[k], r_q[k])),
  scaled_ratio = sum_k sum(scale[k] * r_q[k]).

  Args:
    r_psample: tf.Tensor, or dict of them. Estimator outputs on the
      model's samples.
    r_qsample: tf.Tensor, or dict of them. Estimator outputs on the data
      and the variational samples.
    scale: dict. The inference's `scale`.
    ratio_loss: callable(psample, qsample) -> pointwise tf.Tensor.

  Returns:
    (scaled_ratio, loss_d), scalar tf.Tensors.
  """
  if len(scale) <= 1:
    factor = list(scale.values())[0] if scale else 1.0
    loss_d = tf.reduce_mean(ratio_loss(r_psample, r_qsample))
    scaled_ratio = tf.reduce_sum(
        tf.cast(factor, r_qsample.dtype) * r_qsample)
    return scaled_ratio, loss_d
  loss_d = tf.add_n([tf.reduce_mean(ratio_loss(r_psample[key], r_qsample[key]))
                     for key in scale])
  scaled_ratio = tf.add_n([
      tf.reduce_sum(tf.cast(factor, r_qsample[key].dtype) * r_qsample[key])
      for key, factor in scale.items()])
  return scaled_ratio, loss_d


def add_regularization(loss, reg_terms):
  """Returns `loss` plus the sum of the tensors in `reg_terms`."""
  if not reg_terms:
    return loss
  return loss + tf.add_n([tf.cast(term, loss.dtype) for term in reg_terms])
