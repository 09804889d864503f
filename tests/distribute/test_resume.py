"""restore_from_checkpoint in one process: t, weights and the next summary.

The multi-worker case, where the chief's checkpoint is sent to every
worker, is tested with loopback workers in test_multiworker_faults.py.
"""

import glob
import os

import numpy as np

import edward_lite as ed
from edward_lite._tf import tf, tf1
from tests import test_util
from tests.inferences.linear_models import A_G, linear_discriminator

N = 8
X = np.linspace(-1.0, 1.0, N, dtype=np.float32).reshape(N, 1)
Z = np.linspace(0.5, -0.5, N, dtype=np.float32).reshape(N, 1)


def build(logdir=None):
  x_ph = tf1.placeholder(tf.float32, [N, 1])
  z_ph = tf1.placeholder(tf.float32, [N, 1])
  with tf1.variable_scope("Gen"):
    x_fake = tf1.get_variable("a", initializer=A_G) * z_ph
  inference = ed.GANInference({x_fake: x_ph}, linear_discriminator)
  inference.initialize(optimizer=tf1.train.GradientDescentOptimizer(0.1),
                       optimizer_d=tf1.train.GradientDescentOptimizer(0.1),
                       n_iter=10, n_print=2, logdir=logdir,
                       log_timestamp=False)
  return inference, {x_ph: X, z_ph: Z}


def weights(sess):
  return {v.name: sess.run(v) for v in tf1.global_variables()}


def test_resumes_at_the_saved_step_with_the_saved_weights(tmp_path):
  checkpoints = str(tmp_path / "checkpoints")
  with test_util.fresh_session() as sess:
    inference, feed = build()
    saver = tf1.train.Saver()
    sess.run(tf1.global_variables_initializer())
    assert ed.inferences.restore_from_checkpoint(
        inference, checkpoints, saver=saver) == 0  # nothing saved yet
    for _ in range(3):
      inference.update(feed)
    saver.save(sess, os.path.join(checkpoints, "model"), global_step=3)
    saved = weights(sess)
    fourth = inference.update(feed)

  logdir = str(tmp_path / "logs")
  with test_util.fresh_session() as sess:
    inference, feed = build(logdir)
    sess.run(tf1.global_variables_initializer())
    assert ed.inferences.restore_from_checkpoint(inference, checkpoints) == 3
    restored = weights(sess)
    assert sorted(restored) == sorted(saved)
    for name, value in saved.items():
      np.testing.assert_array_equal(restored[name], value, err_msg=name)
    again = inference.update(feed)
    inference.finalize()
  assert again["t"] == fourth["t"] == 4
  np.testing.assert_array_equal(again["loss"], fourth["loss"])
  np.testing.assert_array_equal(again["loss_d"], fourth["loss_d"])
  # Step 4 was due for a summary, and it holds the losses of step 4.
  path, = glob.glob(os.path.join(logdir, "events.*"))
  logged = {(value.tag, event.step): value.simple_value
            for event in tf1.train.summary_iterator(path)
            for value in event.summary.value if value.HasField("simple_value")}
  assert {step for _, step in logged} == {4}
  np.testing.assert_allclose(logged[("loss", 4)], again["loss"], rtol=1e-6)
