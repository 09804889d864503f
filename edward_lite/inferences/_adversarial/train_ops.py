"""A GAN's train ops: built from its losses, and what each step runs.

`GANInference.initialize` sets its train ops from what one builder
gives. On one device, `one_device` builds the losses and gradients with
the inference's `build_loss_and_gradients`, applies them with
`apply_updates` and puts each step's ops together with `step_ops`.
Under a strategy, `_distributed/data_parallel.py` builds the losses on
every replica, and calls the same `apply_updates` in each replica and
`step_ops` to merge the replicas' update ops.

Each side has its update op, gated on the tensors the caller names
(on one device, its own loss), so that a one-sided step needs only what
its loss reads; the joint step of `update(variables=None)` has its own
pair of update ops, gated on both losses, so that neither side's update
can change what the other's loss reads in that step.

What each `update(variables=...)` fetches is `fetches_by_side`, which
`GANInference` keeps, and which `ed.inferences.step_fetches` hands out.
"""

import collections

from edward_lite._tf import tf
from edward_lite.inferences._setup.numeric_checks import numeric_checks
from edward_lite.inferences._setup.optimizers import (
    build_optimizer, gate_gradients)

__all__ = ["TrainOps", "apply_updates", "fetches_by_side", "one_device",
           "step_ops"]

TrainOps = collections.namedtuple("TrainOps", [
    "loss", "grads_and_vars", "loss_d", "grads_and_vars_d", "train",
    "train_d", "train_d_step", "train_joint", "op_check"])
TrainOps.__doc__ = """What a GAN's `initialize` builds for its steps.

Args:
  loss: scalar tf.Tensor. The generator's objective.
  grads_and_vars: list of (gradient, tf.Variable). Its gradients.
  loss_d: scalar tf.Tensor. The discriminator's objective.
  grads_and_vars_d: list of (gradient, tf.Variable). Its gradients.
  train: tf.Operation. The generator's update (`update(variables="Gen")`).
  train_d: tf.Operation. The discriminator's update.
  train_d_step: tf.Operation. What `update(variables="Disc")` runs:
    `train_d` and what a subclass does after it (WGAN's clipping).
  train_joint: tf.Operation. What `update()` runs: both updates, from
    the variables as they were before the step.
  op_check: tf.Operation or None. With `debug=True`, the numeric checks
    each step runs.
"""


def one_device(inference, optimizers, var_list):
  """A GAN's losses, their gradients and its train ops on one device.

  With `debug=True` every update also waits for the numeric checks, so
  that a step that fails them changes no variable.

  Args:
    inference: GANInference (or a subclass), after `Inference.initialize`.
    optimizers: (optimizer, global_step, optimizer_d, global_step_d), as
      `GANInference.initialize` takes them.
    var_list: list of tf.Variable or None, as `initialize` takes it.

  Returns:
    TrainOps.
  """
  loss, grads_and_vars, loss_d, grads_and_vars_d = (
      inference.build_loss_and_gradients(var_list))
  op_check = None
  checks = []
  if inference.debug:
    op_check = numeric_checks(
        [loss, loss_d] + [g for g, _ in grads_and_vars + grads_and_vars_d
                          if g is not None])
    checks = [op_check]
  optimizer, global_step, optimizer_d, global_step_d = optimizers
  optimizer, global_step = build_optimizer(optimizer, global_step)
  optimizer_d, global_step_d = build_optimizer(optimizer_d, global_step_d)
  updates = apply_updates(
      (optimizer, global_step, optimizer_d, global_step_d),
      grads_and_vars, grads_and_vars_d,
      {"Gen": [loss] + checks, "Disc": [loss_d] + checks,
       None: [loss, loss_d] + checks})
  steps = step_ops(updates, inference._after_discriminator_step)  # pylint: disable=protected-access
  return TrainOps(loss, grads_and_vars, loss_d, grads_and_vars_d, *steps,
                  op_check=op_check)


def apply_updates(optimizers, grads_and_vars, grads_and_vars_d, gates):
  """The update ops of each side's step and of the joint step.

  Args:
    optimizers: (optimizer, global_step, optimizer_d, global_step_d),
      built: the generator's optimizer and step counter, then the
      discriminator's.
    grads_and_vars: list of (gradient, tf.Variable). The generator's.
    grads_and_vars_d: list of (gradient, tf.Variable). The
      discriminator's.
    gates: dict. "Gen", "Disc" and None (the joint step) -> the tensors
      that the step's gradients wait for (see `gate_gradients`).

  Returns:
    dict: "train" and "train_d", each side's update, and "train_joint"
    and "train_joint_d", the joint step's.
  """
  optimizer, global_step, optimizer_d, global_step_d = optimizers
  return {
      "train": optimizer.apply_gradients(
          gate_gradients(grads_and_vars, gates["Gen"]),
          global_step=global_step),
      "train_d": optimizer_d.apply_gradients(
          gate_gradients(grads_and_vars_d, gates["Disc"]),
          global_step=global_step_d),
      "train_joint": optimizer.apply_gradients(
          gate_gradients(grads_and_vars, gates[None]),
          global_step=global_step),
      "train_joint_d": optimizer_d.apply_gradients(
          gate_gradients(grads_and_vars_d, gates[None]),
          global_step=global_step_d),
  }


def _same(op):
  return op


def step_ops(updates, after_discriminator_step, merge=_same,
             every_step=_same):
  """The ops of each step, from `apply_updates`' update ops.

  Args:
    updates: dict. What `apply_updates` returned (under a strategy, its
      per-replica values).
    after_discriminator_step: callable(tf.Operation) -> tf.Operation.
      The inference's `_after_discriminator_step`.
    merge: callable. One op from an update op (under a strategy,
      `strategy.group` of the replicas').
    every_step: callable. What every step's train op is wrapped in
      (under MultiWorkerMirroredStrategy, the wait for both losses).

  Returns:
    (train, train_d, train_d_step, train_joint), as `TrainOps` holds
    them.
  """
  train = every_step(merge(updates["train"]))
  train_d = every_step(merge(updates["train_d"]))
  train_d_step = after_discriminator_step(train_d)
  train_joint = every_step(tf.group(
      merge(updates["train_joint"]),
      after_discriminator_step(merge(updates["train_joint_d"]))))
  return train, train_d, train_d_step, train_joint


def _count_after(t, train_op):
  """`t`'s increment, run only once `train_op` went through.

  A step that TensorFlow refuses halfway (a missing feed, a failed
  numeric check) then leaves the counter where it was.
  """
  with tf.control_dependencies([train_op]):
    return t.assign_add(1)


def fetches_by_side(ops, t):
  """What each `update(variables=...)` runs, by its `variables`.

  Args:
    ops: TrainOps.
    t: tf.Variable. The inference's iteration counter.

  Returns:
    dict: None, "Gen" and "Disc" -> dict of the step's update op, the
    iteration count after it ("t") and its losses.
  """
  return {
      None: {"train": ops.train_joint, "t": _count_after(t, ops.train_joint),
             "loss": ops.loss, "loss_d": ops.loss_d},
      "Gen": {"train": ops.train, "t": _count_after(t, ops.train),
              "loss": ops.loss},
      "Disc": {"train_d": ops.train_d_step,
               "t": _count_after(t, ops.train_d_step),
               "loss_d": ops.loss_d},
  }
