"""One BiGAN training run that can stop, save, and go on in a new process.

`train_or_resume(mode, path, steps, noise)` runs in the default graph.
MODE is "train" (initialize, STEPS updates, and a save to PATH if PATH
is not "-") or "resume" (restore PATH, then STEPS more updates). NOISE
is "fed" (the prior's draws fed by step from NumPy) or "graph" (drawn in
the graph by a stateless op keyed on a checkpointed step counter).

The tests run "train" in one process and "resume" in another (see
_jobs.py), and compare the losses bit for bit.
"""

import numpy as np

import edward_lite as ed
from edward_lite._tf import tf, tf1

__all__ = ["batch_for_step", "build", "rewind", "run_steps",
           "train_or_resume", "variable_values"]

BATCH, DX, DZ, HIDDEN = 16, 4, 2, 8
SEED = 42
# The update schedule mixes joint and one-sided steps, so that the two
# global steps (and the optimizers' slots) move at different rates.
SCHEDULE = [None, "Disc", "Disc", "Gen", None]


def _dataset():
  rng = np.random.RandomState(0)
  centers = rng.randn(3, DX) * 2.0
  labels = rng.randint(0, 3, size=512)
  return (centers[labels] + 0.3 * rng.randn(512, DX)).astype(np.float32)


def batch_for_step(step):
  """The data batch and prior draw of step `step`: a function of it alone."""
  rng = np.random.RandomState(1000 + step)
  index = rng.choice(512, BATCH, replace=False)
  return _DATA[index], rng.randn(BATCH, DZ).astype(np.float32)


_DATA = _dataset()


def build(noise):
  """Builds the BiGAN; returns (inference, x_ph, z_ph or None)."""
  x_ph = tf1.placeholder(tf.float32, [BATCH, DX], name="x")
  step = tf1.train.get_or_create_global_step()
  if noise == "fed":
    z = tf1.placeholder(tf.float32, [BATCH, DZ], name="z")
  else:
    # Stateful random ops restart their sequence in a new process; a
    # stateless draw keyed on a checkpointed counter does not.
    seed = tf.stack([tf.constant(7, tf.int64), tf.cast(step, tf.int64)])
    z = tf.random.stateless_normal([BATCH, DZ], seed=seed)
  with tf1.variable_scope("Gen"):
    x_fake = tf1.layers.dense(tf1.layers.dense(z, HIDDEN, tf.nn.relu), DX)
    z_fake = tf1.layers.dense(tf1.layers.dense(x_ph, HIDDEN, tf.nn.relu), DZ)

  def discriminator(x, z_pair):
    h = tf1.layers.dense(tf.concat([x, z_pair], 1), HIDDEN, tf.nn.leaky_relu)
    return tf1.layers.dense(h, 1)

  inference = ed.BiGANInference({z: z_fake}, {x_fake: x_ph}, discriminator)
  # Edward's default optimizers: Adam on a rate that decays with its own
  # global step. The generator's is the graph's global step, which the
  # noise is keyed on; the discriminator's is made by initialize.
  inference.initialize(global_step=step, optimizer=None, n_iter=1000,
                       n_print=0)
  return inference, x_ph, (z if noise == "fed" else None)


def run_steps(inference, x_ph, z_ph, first, count):
  """Runs updates first+1 .. first+count; returns their info dicts."""
  infos = []
  for step in range(first + 1, first + count + 1):
    x_batch, z_batch = batch_for_step(step)
    feed = {x_ph: x_batch}
    if z_ph is not None:
      feed[z_ph] = z_batch
    info = inference.update(feed, SCHEDULE[step % len(SCHEDULE)])
    infos.append({k: float(v) for k, v in info.items()})
  return infos


def variable_values(sess):
  """Every global variable's value, by name, as nested lists of hex floats."""
  names = [v.name for v in tf1.global_variables()]
  values = sess.run(tf1.global_variables())
  return {name: [float(x).hex() for x in np.ravel(value)]
          for name, value in zip(names, values)}


def train_or_resume(mode, path, steps, noise):
  """Does what the module docstring says, in the default graph.

  Returns:
    dict with the step trained from ("first"), the variables' values
    after restoring ("restored") or at the end ("saved"), and each
    update's losses as hex floats and its `t`.
  """
  ed.set_seed(SEED)
  inference, x_ph, z_ph = build(noise)
  sess = ed.get_session()
  saver = tf1.train.Saver()
  if mode == "train":
    tf1.global_variables_initializer().run()
    first = 0
  else:
    saver.restore(sess, path)
    first = int(sess.run(inference.t))
  restored = variable_values(sess)
  infos = run_steps(inference, x_ph, z_ph, first, steps)
  if mode == "train" and path != "-":
    saver.save(sess, path)
  return {
      "first": first, "restored": restored if mode == "resume" else None,
      "saved": variable_values(sess) if mode == "train" else None,
      "losses": [[info["loss"].hex(), info["loss_d"].hex()]
                 for info in infos],
      "t": [int(info["t"]) for info in infos]}


def rewind(path):
  """Trains 2 steps, saves, trains 3, restores, trains the 3 again.

  Returns:
    dict: the losses of the three steps after the save, both times,
    and `t` right after restoring.
  """
  ed.set_seed(SEED)
  inference, x_ph, z_ph = build("fed")
  sess = ed.get_session()
  saver = tf1.train.Saver()
  tf1.global_variables_initializer().run()
  run_steps(inference, x_ph, z_ph, 0, 2)
  saver.save(sess, path)
  after_save = run_steps(inference, x_ph, z_ph, 2, 3)
  saver.restore(sess, path)
  t_restored = int(sess.run(inference.t))
  again = run_steps(inference, x_ph, z_ph, 2, 3)
  return {"after_save": after_save, "again": again, "t": t_restored}
