"""The session callable of `update()` on the speed benchmark's own model.

docs/benchmarks.md says `update()` runs each fed step through a session
callable that gives `Session.run`'s numbers. The step runner's own tests
check it on small graphs; this one trains Edward's MNIST-size BiGAN of
the benchmark (784-300-50, batch 100) both ways and compares the losses
and every variable after the steps, bit for bit.
"""

import numpy as np

from benchmarks import _models

STEPS = 4


def _train(steps=STEPS):
  # Threads given, so that no timing at initialize picks them: both
  # trainings must run the same kernels.
  model = _models.BiGAN(_models.SIZES["full"],
                        intra_op_parallelism_threads=1,
                        inter_op_parallelism_threads=2, n_print=0)
  with model.graph.as_default():
    losses = []
    for _ in range(steps):
      info = model.inference.update(model.next_feed())
      losses.append((info["t"], info["loss"], info["loss_d"]))
    import tensorflow.compat.v1 as tf  # pylint: disable=g-import-not-at-top
    variables = sorted(tf.global_variables(), key=lambda v: v.name)
    values = model.session.run(variables)
  model.close()
  return losses, [v.name for v in variables], values


def test_losses_and_weights_are_session_runs_bit_for_bit(monkeypatch):
  from edward_lite.inferences._running import step_runner as _step_runner  # pylint: disable=g-import-not-at-top
  runs = []
  real = _step_runner._runs_callables  # pylint: disable=protected-access

  def counting(sess):
    runs.append(real(sess))
    return runs[-1]
  monkeypatch.setattr(_step_runner, "_runs_callables", counting)
  losses, names, values = _train()
  # The callable path was taken at every step.
  assert runs and all(runs)
  monkeypatch.setattr(_step_runner, "_runs_callables", lambda sess: False)
  plain_losses, plain_names, plain_values = _train()
  assert [t for t, _, _ in losses] == list(range(1, STEPS + 1))
  np.testing.assert_array_equal(losses, plain_losses)
  assert names == plain_names and len(names) > 12
  for name, value, plain in zip(names, values, plain_values):
    np.testing.assert_array_equal(value, plain, err_msg=name)
  # The steps changed the weights: the comparison is not of two inits.
  _, _, initial = _train(steps=0)
  assert any(not np.array_equal(value, start)
             for value, start in zip(values, initial))
