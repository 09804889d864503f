"""Checkpoints: save with tf.train.Saver, resume in a new process, same losses.

A run of 2N updates and a run of N updates, a save, a new process, a
restore and N more updates give the same losses bit for bit, whether the
prior's draws are fed from NumPy by step or drawn in the graph by a
stateless op keyed on a checkpointed counter. The checkpoint holds `t`,
both global steps and every optimizer slot, and restoring gives back
each of their values exactly. (The runs are made in new processes with
oneDNN's kernels off: see _jobs.py and docs/reliability.md.)
"""

import pytest

from edward_lite._tf import tf1
from tests import test_util
from tests.reliability import _checkpoint_run as run
from tests.reliability.conftest import CHECKPOINT_STEPS as N
from tests.reliability.conftest import NOISES


@pytest.mark.parametrize("noise", NOISES)
def test_resuming_in_a_new_process_gives_the_same_losses_bit_for_bit(
    reproducible_runs, noise):
  full = reproducible_runs["first"]["full " + noise]
  half = reproducible_runs["first"]["half " + noise]
  resumed = reproducible_runs["second"]["resume " + noise]
  assert half["losses"] == full["losses"][:N]
  assert resumed["first"] == N
  # Every variable comes back exactly: weights, t, both global steps,
  # the Adam slots and power accumulators.
  assert resumed["restored"] == half["saved"]
  assert resumed["t"] == list(range(N + 1, 2 * N + 1))
  assert resumed["losses"] == full["losses"][N:]
  # The second half really trained on: its losses are not the first's.
  assert resumed["losses"] != full["losses"][:N]


def test_restoring_in_the_same_process_rewinds_training(reproducible_runs):
  rewound = reproducible_runs["first"]["rewind"]
  assert rewound["t"] == 2
  assert rewound["again"] == rewound["after_save"]
  assert [info["t"] for info in rewound["again"]] == [3.0, 4.0, 5.0]


def test_the_checkpoint_holds_t_both_global_steps_and_every_slot(tmp_path):
  path = str(tmp_path / "model.ckpt")
  with test_util.fresh_session(seed=run.SEED):
    run.train_or_resume("train", path, 3, "fed")
    trainable = sorted(v.op.name for v in tf1.trainable_variables())
  saved = sorted(name for name, _ in tf1.train.list_variables(path))
  expected = sorted(
      ["iteration", "global_step", "global_step_1", "beta1_power",
       "beta2_power", "beta1_power_1", "beta2_power_1"] +
      [name + suffix for name in trainable
       for suffix in ("", "/Adam", "/Adam_1")])
  assert saved == expected
  # 4 dense layers under "Gen" and 2 under "Disc", a kernel and a bias each.
  assert len(trainable) == 12
  reader = tf1.train.load_checkpoint(path)
  # Steps 1-3 of the schedule are Disc, Disc, Gen.
  assert reader.get_tensor("iteration") == 3
  assert reader.get_tensor("global_step") == 1
  assert reader.get_tensor("global_step_1") == 2
