"""Resuming training from a checkpoint, every worker from the same one.

A cluster job that loses a worker is restarted by its scheduler, every
worker at once. Each must then continue from the same step with the
same weights, or the all-reduces would mix two models and the step
counts would disagree. As Keras' BackupAndRestore does, the chief's
checkpoint decides: the chief restores its latest checkpoint, and every
variable, the step counter `t` included, is then sent from the chief to
every worker, so that the others need no copy of the checkpoint and
cannot pick another one.
"""

from edward_lite._tf import tf, tf1
from edward_lite.inferences._distributed import cluster
from edward_lite.inferences.errors import WorkerTimeoutError
from edward_lite.util.graphs import get_session

__all__ = ["restore_from_checkpoint"]


def _is_multi_worker(strategy):
  return len(cluster.task_addresses(strategy)) > 1


def _from_chief(strategy, variables, chief):
  """An op that gives every worker the chief's value of each variable.

  Each worker adds the chief's value (on the chief) or zeros (elsewhere)
  in one all-reduce per variable, and assigns the sum.
  """
  assigns = []
  with strategy.scope():
    for variable in variables:
      value = tf.identity(variable)
      contribution = value if chief else tf.zeros_like(value)
      total = strategy.reduce(tf.distribute.ReduceOp.SUM, contribution,
                              axis=None)
      assigns.append(variable.assign(total))
  return tf.group(*assigns)


def restore_from_checkpoint(inference, checkpoint_dir, strategy=None,
                            saver=None, timeout=cluster.DEFAULT_TIMEOUT,
                            session=None):
  """Restores the latest checkpoint, the same one on every worker.

  Call it after `initialize` and the variables' initializer, before the
  first `update`; with several workers, on every worker at the same
  point (it runs one all-reduce per variable). The chief (or the only
  process) restores the latest checkpoint in `checkpoint_dir`, if there
  is one; every worker then receives the chief's value of every global
  variable, so all agree on the weights, the optimizers' state and the
  step counter `t`, and only the chief needs the checkpoint files. Save
  checkpoints on the chief only (`saver.save(sess, path, global_step=t)`).

  Training then continues with step `t + 1`: run the remaining
  `n_iter - t` updates, and draw each step's batch from the step number
  (a seed per step), so that the resumed run sees the batches the
  interrupted one would have seen and no step is lost or taken twice.

  Args:
    inference: Inference, after `initialize`.
    checkpoint_dir: str. Where the chief's `tf.train.Saver` wrote its
      checkpoints. Nothing is restored if it holds none (a first start).
    strategy: tf.distribute.Strategy or None. The strategy `initialize`
      was given.
    saver: tf.compat.v1.train.Saver or None. Default saves and restores
      every global variable.
    timeout: float or None. With several workers, seconds to wait for
      the others; None waits for ever.
    session: tf.compat.v1.Session. Default is `ed.get_session()`.

  Returns:
    int. The step `t` training continues from (0 without a checkpoint).

  Raises:
    WorkerTimeoutError: if another worker did not join within
      `timeout`.
  """
  session = session or get_session()
  chief = strategy is None or bool(strategy.extended.should_save_summary)
  multi_worker = strategy is not None and _is_multi_worker(strategy)
  if multi_worker:
    variables = sorted(tf1.global_variables(), key=lambda v: v.name)
    broadcast = _from_chief(strategy, variables, chief)
  if chief:
    latest = tf1.train.latest_checkpoint(checkpoint_dir)
    if latest is not None:
      (saver or tf1.train.Saver()).restore(session, latest)
  if multi_worker:
    options = tf1.RunOptions(
        timeout_in_ms=0 if timeout is None else int(timeout * 1000))
    try:
      session.run(broadcast, options=options)
    except tf.errors.DeadlineExceededError as error:
      silent = cluster.unresponsive_peers(strategy)
      raise WorkerTimeoutError(
          error.node_def, error.op,
          "restore_from_checkpoint waited {:g} s for the other workers to "
          "receive the chief's variables; {}".format(
              timeout, "no answer from " + cluster.describe_tasks(silent) + "."
              if silent else "every worker answers: did each call "
              "restore_from_checkpoint?"),
          peers=[address for _, _, address in silent]) from error
  t = int(session.run(inference.t))
  # The next update is t + 1: a summary due then is fetched with it, as
  # in any other step (a wrong guess would run it on its own, which under
  # several workers waits for all-reduces no other worker runs).
  inference._last_t = t  # pylint: disable=protected-access
  return t
