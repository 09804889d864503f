"""Train one model twice: on one device, and data-parallel under a strategy.

Both runs build the same graph in a fresh session with two logical CPUs,
start from the same variable values, feed the same global batches and
call `update` with the same `variables` sequence, so that their losses
and variables must agree to float tolerance.
"""

import contextlib

import numpy as np

from edward_lite._tf import tf1
from tests import test_util

__all__ = ["TWO_CPUS", "assert_same_training", "mirrored", "replica_values",
           "train"]

TWO_CPUS = tf1.ConfigProto(device_count={"CPU": 2})


def mirrored():
  """MirroredStrategy over the session's two logical CPUs."""
  return tf1.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])


def replica_values(sess, variable, strategy):
  """The value of each replica's copy of `variable`."""
  return sess.run(list(strategy.experimental_local_results(variable)))


def train(build, feeds, sides=None, strategy=None, initial=None,
          after=None, **initialize_kwargs):
  """Builds a model, trains it and returns what happened.

  Args:
    build: callable returning (inference, placeholders dict); called
      under `strategy.scope()` when `strategy` is given. A dict entry
      "initializer" is run once after the variables' initialization.
    feeds: list of callables mapping the placeholders dict to a feed
      dict, one per update.
    sides: list of `variables` arguments, one per update (default None).
    strategy: callable returning a tf.distribute strategy, or None.
    initial: dict of variable name to value, loaded after initialization.
    after: callable(sess, inference, strategy) run after training; its
      result is returned as "after".
    **initialize_kwargs: passed to `initialize`.

  Returns:
    dict with "infos" (what each update returned), "initial" and "final"
    (trainable variables by name) and "after".
  """
  sides = sides or [None] * len(feeds)
  with test_util.fresh_session(seed=42, config=TWO_CPUS) as sess:
    made = strategy() if strategy is not None else None
    scope = made.scope() if made is not None else contextlib.nullcontext()
    with scope:
      inference, placeholders = build()
    if made is not None:
      initialize_kwargs["strategy"] = made
    inference.initialize(**initialize_kwargs)
    sess.run(tf1.global_variables_initializer())
    if "initializer" in placeholders:
      sess.run(placeholders["initializer"])
    trainables = {v.name: v for v in tf1.trainable_variables()}
    if initial is not None:
      assert sorted(initial) == sorted(trainables)
      sess.run([trainables[name].assign(value)
                for name, value in initial.items()])
    start = {name: sess.run(v) for name, v in trainables.items()}
    infos = [inference.update(feed(placeholders), side)
             for feed, side in zip(feeds, sides)]
    final = {name: sess.run(v) for name, v in trainables.items()}
    result = after(sess, inference, made) if after is not None else None
  return {"infos": infos, "initial": start, "final": final, "after": result}


def assert_same_training(expected, actual, rtol, atol):
  """Losses of every update and the final variables agree."""
  assert len(expected["infos"]) == len(actual["infos"])
  for step, (want, got) in enumerate(zip(expected["infos"], actual["infos"])):
    assert want["t"] == got["t"] == step + 1
    for key in ("loss", "loss_d"):
      np.testing.assert_allclose(got[key], want[key], rtol=rtol, atol=atol,
                                 err_msg="{} of update {}".format(key, step))
  assert sorted(expected["final"]) == sorted(actual["final"])
  for name, want in expected["final"].items():
    np.testing.assert_allclose(actual["final"][name], want, rtol=rtol,
                               atol=atol, err_msg=name)
