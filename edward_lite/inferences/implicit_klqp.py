"""Variational inference for hierarchical implicit models (Tran et al., 2017).

Also Edward's two ratio losses, `log_loss` and `hinge_loss`, importable
from here as they were from `edward.inferences.implicit_klqp`.
"""

import functools

from edward_lite._tf import tf, tf1
from edward_lite.inferences._adversarial import losses
from edward_lite.inferences._adversarial import scopes
from edward_lite.inferences._setup.guard import guarded
from edward_lite.inferences.gan_inference import GANInference
from edward_lite.models.random_variable import RandomVariable
from edward_lite.util.node_copy import copy
from edward_lite.util.random_variables import (
    check_latent_pairs, is_placeholder)

__all__ = ["ImplicitKLqp", "hinge_loss", "log_loss"]


def log_loss(psample, qsample):
  """Pointwise log loss of a ratio estimator: ImplicitKLqp's 'log'.

  -log sigmoid(psample) - log(1 - sigmoid(qsample)), the sigmoid
  cross-entropy of the model's samples against label 1 and of the
  variational ones against label 0.

  Args:
    psample: tf.Tensor. Estimator outputs on samples of the model.
    qsample: tf.Tensor. Estimator outputs on the data and samples of
      the variational model.

  Returns:
    tf.Tensor. One loss per point, of the two inputs' broadcast shape.
  """
  return losses.ratio_log_loss(psample, qsample)


def hinge_loss(psample, qsample):
  """Pointwise hinge loss of a ratio estimator: ImplicitKLqp's 'hinge'.

  relu(1 - psample) + relu(1 + qsample).

  Args:
    psample: tf.Tensor. Estimator outputs on samples of the model.
    qsample: tf.Tensor. Estimator outputs on the data and samples of
      the variational model.

  Returns:
    tf.Tensor. One loss per point, of the two inputs' broadcast shape.
  """
  return losses.ratio_hinge_loss(psample, qsample)


_RATIO_LOSSES = {"log": log_loss, "hinge": hinge_loss}


def _sample(node):
  """The draw of a random variable, or a tensor as it is."""
  return node.value() if isinstance(node, RandomVariable) else node


class ImplicitKLqp(GANInference):
  """Variational inference with implicit probabilistic models (Tran et al.,
  2017).

  It minimizes the KL divergence

  $\\text{KL}( q(z, \\beta; \\lambda) \\| p(z, \\beta \\mid x) ),$

  where the local variables $z$ belong each to one data point and the
  global variables $\\beta$ are shared by all of them.

  The model and the variational family need only be samplable, with
  one exception: global variables (of both $p$ and $q$) also need a
  `log_prob()`. Local latent variables and observed variables only have
  to give a draw when fetched. The term of the objective that has no
  density, the log-ratio of the model's joint of data and local
  variables to the variational one, is learned by a ratio estimator
  trained GAN-style next to the variational parameters.

  Every variational factor must be reparameterizable: its draws are
  differentiated with respect to its parameters.

  #### Notes

  Unlike `GANInference`'s, the `discriminator` takes dicts: the data,
  the local latent variables and the global latent variables, each
  keyed by the model's random variables. It picks the values it needs
  by those keys, which it reaches by lexical scoping from where the
  model was defined, as the ratio may depend on any set of data, local
  and global variables.

  What the `discriminator` returns depends on the `scale` passed to
  `initialize()`:

  + with at most one item in `scale`, a tensor that the single factor
    (a scalar, say) multiplies by broadcasting;
  + with several items, a dict with the same keys as `scale`, each
    output scaled by its own factor.

  The objective adds the sum of the `REGULARIZATION_LOSSES` collection
  outside the ratio estimator's scope; the estimator's own objective
  adds those inside it. The estimator's variables live under the
  variable scope "Disc" (see `disc_scope`).

  #### Examples

  ```python
  def ratio_estimator(data, local_vars, global_vars):
    # r(z) = log p(z) is the optimal estimator here; the variable gives
    # the estimator something to train.
    w = tf.get_variable("w", [])
    return z.log_prob(local_vars[z]) + w

  z = Normal(loc=5.0, scale=1.0)
  qz = Normal(loc=tf.Variable(0.0),
              scale=tf.nn.softplus(tf.Variable(0.5)))
  inference = ed.ImplicitKLqp({z: qz}, discriminator=ratio_estimator)
  inference.run(n_iter=200, n_print=0)
  ```

  #### References

  Tran, D., Ranganath, R., & Blei, D. M. (2017). Hierarchical implicit
  models and likelihood-free variational inference. In Neural
  information processing systems.
  """

  def __init__(self, latent_vars, data=None, discriminator=None,
               global_vars=None):
    """Creates an inference algorithm.

    Args:
      latent_vars: dict. Binds each latent variable (RandomVariable or
        tf.Tensor) of the model to the random variable or tensor that
        infers it; the global ones too.
      data: dict. Binds observed variables to their realizations, as in
        `Inference`.
      discriminator: function. The ratio estimator, with parameters.
        Unlike `GANInference`'s, it takes three dicts: the data, the
        local latent variables' draws and the global latent variables'
        draws, each keyed by the model's variables. Like a GAN
        discriminator, it may take a batch of M data points and local
        variables and return a vector of M values.
      global_vars: dict of RandomVariable to RandomVariable. Which
        variables of `latent_vars` are global, shared across data
        points: they are left out of the ratio estimation and inferred
        through their tractable densities. Default: none.

    Raises:
      TypeError: if `discriminator` is not callable, `global_vars` is
        not a dict of random variables of the same shapes and dtypes,
        or `latent_vars` or `data` is not a valid dictionary.
    """
    if not callable(discriminator):
      raise TypeError("discriminator must be a callable function.")
    self.discriminator = discriminator
    if global_vars is None:
      global_vars = {}
    check_latent_pairs("global_vars", global_vars)
    for beta, qbeta in global_vars.items():
      if not (isinstance(beta, RandomVariable) and
              isinstance(qbeta, RandomVariable)):
        raise TypeError(
            "global_vars must bind random variables to random variables: "
            "the objective needs log_prob() of both; got {} and {}.".format(
                type(beta).__name__, type(qbeta).__name__))
    self.global_vars = global_vars
    # GANInference's own checks are for its one (generated, observed)
    # pair; this is variational inference over any latent_vars and data.
    super(GANInference, self).__init__(latent_vars, data)

  # A refused call takes back what it built (see `_setup/guard.py`).
  @guarded
  def initialize(self, ratio_loss="log", *args, **kwargs):
    """Sets hyperparameters and builds the algorithm's ops.

    Args:
      ratio_loss: str or fn. The loss the ratio estimator minimizes:
        'log' or 'hinge', or a function of two arguments, `psample` and
        `qsample` (the estimator's outputs on the model's samples and on
        the data and variational samples), that returns a loss per
        point, of the shape of its inputs.
      *args: passed to `GANInference.initialize` (optimizer, ...).
      **kwargs: passed to `GANInference.initialize`; `scale` is read as
        the class's Notes say. Distributed training (`strategy`) is not
        available for this inference.

    Raises:
      TypeError: if `ratio_loss` is neither a str nor callable, the
        discriminator's outputs do not fit `scale` (see the Notes), or
        as `GANInference.initialize`.
      ValueError: if `ratio_loss` names no loss, `strategy` is given, or
        as `GANInference.initialize`.
    """
    if callable(ratio_loss):
      self.ratio_loss = ratio_loss
    elif isinstance(ratio_loss, str):
      if ratio_loss not in _RATIO_LOSSES:
        raise ValueError("Ratio loss not found: {!r} (expected 'log', "
                         "'hinge' or a function).".format(ratio_loss))
      self.ratio_loss = _RATIO_LOSSES[ratio_loss]
    else:
      raise TypeError("ratio_loss must be 'log', 'hinge' or a function; "
                      "got {!r}.".format(ratio_loss))
    if kwargs.get("strategy") is not None:
      raise ValueError("strategy: ImplicitKLqp trains on one device; "
                       "distributed training is available for GANInference, "
                       "BiGANInference and WGANInference.")
    return super(ImplicitKLqp, self).initialize(*args, **kwargs)

  def build_loss_and_gradients(self, var_list):
    """Builds the variational objective, the estimator's, and gradients.

    The variational objective is

    $-\\Big(\\mathbb{E}_{q(\\beta)} [\\log p(\\beta) - \\log q(\\beta) ] +
        \\sum_{n=1}^N \\mathbb{E}_{q(\\beta)q(z_n\\mid\\beta)} [
            r^*(x_n, z_n, \\beta) ] \\Big),$

    minimized over the parameters of $q(z, \\beta; \\lambda)$.
    $r^*(x_n, z_n, \\beta)$, a function of one data point, its local
    variable and the globals, is the log-ratio

    $\\log p(x_n, z_n\\mid \\beta) - \\log q(x_n, z_n\\mid \\beta),$

    where $q(x_n)$ is the data's empirical distribution. It is not
    computed but estimated: the discriminator minimizes `ratio_loss`
    between draws of the model (copies of the model's local and
    observed variables, reading the globals' variational draws) and
    draws of q (the data and the local variables' variational draws).
    The objective's gradients go through the draws (the
    reparameterization trick).

    Args:
      var_list: list of tf.Variable or None. The variables of the
        variational objective; None means every trainable variable
        outside the estimator's scope, as in Edward.

    Returns:
      (loss, grads_and_vars, loss_d, grads_and_vars_d).

    Raises:
      TypeError: if the discriminator's outputs do not fit `scale`.
      ValueError: if either objective has no variable to train.

    #### Notes

    The model's parameters $p(x, z, \\beta; \\theta)$ and inference
    networks in $q(z\\mid x)$ are trained too, when in `var_list`.
    """
    graph = tf1.get_default_graph()
    scope = graph.unique_name("inference")
    qbeta_sample = {}
    pbeta_log_prob = 0.0
    qbeta_log_prob = 0.0
    for beta, qbeta in self.global_vars.items():
      qbeta_sample[beta] = qbeta.value()
      pbeta_log_prob += tf.reduce_sum(beta.log_prob(qbeta_sample[beta]))
      qbeta_log_prob += tf.reduce_sum(qbeta.log_prob(qbeta_sample[beta]))

    # Draws of p(z | beta') and q(z | beta') for the local variables.
    pz_sample = {}
    qz_sample = {}
    for z, qz in self.latent_vars.items():
      if z not in self.global_vars:
        pz_sample[z] = _sample(copy(z, dict_swap=qbeta_sample, scope=scope))
        qz_sample[z] = _sample(qz)

    # Draws of p(x | z', beta') and the data, q(x). Edward swapped in q's
    # draws of z here, so that the estimator's "model" pairs (x', z') held
    # an x' drawn given q(z | beta') beside a z' drawn from p(z | beta'):
    # not a draw of p(x, z | beta'), against its own comment and the paper
    # (see docs/differences.md).
    dict_swap = dict(qbeta_sample)
    dict_swap.update(pz_sample)
    x_psample = {}
    x_qsample = {}
    for x, x_data in self.data.items():
      if is_placeholder(x):
        continue
      x_psample[x] = _sample(copy(x, dict_swap=dict_swap, scope=scope))
      x_qsample[x] = x_data

    r_psample, r_qsample = self._estimate_ratios(
        (x_psample, pz_sample, qbeta_sample),
        (x_qsample, qz_sample, qbeta_sample))
    ratio_loss = self.ratio_loss
    if ratio_loss is log_loss:
      ratio_loss = functools.partial(losses.ratio_log_loss,
                                     lean=self.lean_gradients)
    scaled_ratio, loss_d = losses.ratio_objectives(
        r_psample, r_qsample, self.scale, ratio_loss)
    loss = -(pbeta_log_prob - qbeta_log_prob + scaled_ratio)

    if var_list is None:
      estimator = {v.ref() for v in self._discriminator_variables()}
      var_list = [v for v in tf1.trainable_variables()
                  if v.ref() not in estimator]
    return self._finish_losses(loss, loss_d, var_list,
                               self._regularization_losses())

  def _estimate_ratios(self, p_args, q_args):
    """The estimator on the model's draws, then (reusing it) on q's.

    Returns:
      (r_psample, r_qsample), tensors or dicts as `scale` asks.
    """
    (r_psample, r_qsample), scope = scopes.apply_discriminator(
        self.discriminator, [p_args, q_args])
    self._disc_variable_scope = scope
    self._disc_scope = scope.name + "/"
    return (self._checked_output(r_psample), self._checked_output(r_qsample))

  def _checked_output(self, output):
    """The estimator's output as `scale` needs it (see the Notes)."""
    if len(self.scale) <= 1:
      if isinstance(output, dict):
        raise TypeError(
            "discriminator returned a dict, but scale has {} item(s): it "
            "must return a tensor unless scale has several items.".format(
                len(self.scale)))
      return _floating_tensor(output)
    if not isinstance(output, dict) or set(output) != set(self.scale):
      raise TypeError(
          "discriminator must return a dict with the keys of scale when "
          "scale has several items; got {}.".format(
              type(output).__name__ if not isinstance(output, dict)
              else "a dict with other keys"))
    return {key: _floating_tensor(value) for key, value in output.items()}


def _floating_tensor(output):
  """`output` as a tensor, refused unless it holds real numbers."""
  tensor = tf.convert_to_tensor(output)
  if not tensor.dtype.is_floating:
    raise TypeError("discriminator must return real numbers (a floating "
                    "point tensor); got {}.".format(tensor.dtype.name))
  return tensor
