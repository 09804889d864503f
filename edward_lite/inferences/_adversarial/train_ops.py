"""A GAN's train ops on one device.

Each side gets its update op, gated on its own loss (and, with
`debug=True`, on the numeric checks), so that a one-sided step needs
only what its loss reads; the joint step of `update(variables=None)`
has its own pair of update ops, gated on both losses, so that neither
side's update can change what the other's loss reads in that step.
Under a strategy, `_distributed/data_parallel.build_train_ops` builds
them instead.
"""

from edward_lite._tf import tf
from edward_lite.inferences._setup.optimizers import (
    build_optimizer, gate_gradients)

__all__ = ["build_train_ops", "step_fetches_by_side"]


def build_train_ops(inference, optimizer, optimizer_d, global_step,
                    global_step_d, var_list):
  """Builds a GANInference's losses, gradients and train ops.

  Sets `loss`, `grads_and_vars`, `loss_d`, `grads_and_vars_d`, `train`,
  `train_d`, and the ops of a discriminator step and of a joint step.

  Args:
    inference: GANInference (or a subclass), after `Inference.initialize`.
    optimizer: what `GANInference.initialize` takes.
    optimizer_d: what `GANInference.initialize` takes.
    global_step: what `GANInference.initialize` takes.
    global_step_d: what `GANInference.initialize` takes.
    var_list: what `GANInference.initialize` takes.
  """
  # pylint: disable=protected-access
  (inference.loss, inference.grads_and_vars, inference.loss_d,
   inference.grads_and_vars_d) = inference.build_loss_and_gradients(var_list)

  checks = []
  if inference.debug:
    # Checked before the updates, so that a step that fails its checks
    # changes no variable.
    inference._build_numeric_checks(
        [inference.loss, inference.loss_d] +
        [g for g, _ in inference.grads_and_vars + inference.grads_and_vars_d
         if g is not None])
    checks = [inference.op_check]

  optimizer, global_step = build_optimizer(optimizer, global_step)
  optimizer_d, global_step_d = build_optimizer(optimizer_d, global_step_d)
  losses = [inference.loss, inference.loss_d]
  # One-sided steps wait for their own loss only, so that a generator
  # step needs no observed data when its loss does not use any; a joint
  # step has its own pair of update ops that wait for both losses.
  inference.train = optimizer.apply_gradients(
      gate_gradients(inference.grads_and_vars, [inference.loss] + checks),
      global_step=global_step)
  inference.train_d = optimizer_d.apply_gradients(
      gate_gradients(inference.grads_and_vars_d, [inference.loss_d] + checks),
      global_step=global_step_d)
  train_joint = optimizer.apply_gradients(
      gate_gradients(inference.grads_and_vars, losses + checks),
      global_step=global_step)
  train_joint_d = optimizer_d.apply_gradients(
      gate_gradients(inference.grads_and_vars_d, losses + checks),
      global_step=global_step_d)
  inference._train_d_step = inference._after_discriminator_step(
      inference.train_d)
  inference._train_joint = tf.group(
      train_joint, inference._after_discriminator_step(train_joint_d))


def step_fetches_by_side(inference):
  """What each `update(variables=...)` runs, by its `variables`.

  Args:
    inference: GANInference, its train ops built.

  Returns:
    dict: None, "Gen" and "Disc" -> dict of the step's update op, the
    iteration count after it ("t") and its losses.
  """
  # pylint: disable=protected-access
  return {
      None: {"train": inference._train_joint,
             "t": inference._count_after(inference._train_joint),
             "loss": inference.loss, "loss_d": inference.loss_d},
      "Gen": {"train": inference.train,
              "t": inference._count_after(inference.train),
              "loss": inference.loss},
      "Disc": {"train_d": inference._train_d_step,
               "t": inference._count_after(inference._train_d_step),
               "loss_d": inference.loss_d},
  }
