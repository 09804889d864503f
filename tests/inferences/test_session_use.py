"""How inferences use sessions: as Edward did, and one call per update."""

import subprocess
import sys
import textwrap

import numpy as np

import edward_lite as ed
from edward_lite._tf import tf, tf1
from tests import test_util
from tests.inferences.linear_models import linear_discriminator

N = 4


def test_constructor_makes_a_default_session_as_edward_did():
  """Without any session, `initializer.run()` works once an inference exists."""
  code = textwrap.dedent("""
      import numpy as np
      import edward_lite as ed
      import tensorflow.compat.v1 as tf
      x_ph = tf.placeholder(tf.float32, [4, 1])
      with tf.variable_scope("Gen"):
        x_fake = tf.Variable(2.0) * tf.ones([4, 1])
      inference = ed.GANInference({x_fake: x_ph}, lambda x: x)
      tf.global_variables_initializer().run()
      print("DEFAULT", tf.get_default_session() is ed.get_session())
      """)
  result = subprocess.run([sys.executable, "-c", code], capture_output=True,
                          text=True, timeout=300)
  assert result.returncode == 0, result.stderr[-2000:]
  assert result.stdout.strip().splitlines()[-1] == "DEFAULT True"


def test_each_update_is_one_session_call(sess, monkeypatch, tmp_path):
  x_ph = tf1.placeholder(tf.float32, [N, 1])
  with tf1.variable_scope("Gen"):
    x_fake = tf1.Variable(2.0) * tf.ones([N, 1])
  inference = ed.WGANInference({x_fake: x_ph}, linear_discriminator)
  inference.initialize(n_iter=20, n_print=5, logdir=str(tmp_path), clip=0.1,
                       debug=True)
  tf1.global_variables_initializer().run()
  counter = test_util.CountingSession(sess)
  monkeypatch.setattr("edward_lite.inferences.inference.get_session",
                      lambda: counter)
  feed = {x_ph: np.ones((N, 1), np.float32)}
  for variables in [None, "Gen", "Disc", "Disc"] * 5:
    inference.update(feed, variables)
  # Clipping, numeric checks and the due summaries all ride along.
  assert counter.runs == 20
  assert sess.run(inference.t) == 20


def test_run_starts_and_stops_queue_runners(sess):
  """Data from a queue filled by a QueueRunner, as with file readers."""
  queue = tf1.FIFOQueue(capacity=32, dtypes=[tf.float32], shapes=[[1]])
  enqueue = queue.enqueue_many([tf1.random_normal([8, 1], mean=3.0)])
  tf1.train.add_queue_runner(tf1.train.QueueRunner(queue, [enqueue]))
  x_batch = queue.dequeue_many(N)
  with tf1.variable_scope("Gen"):
    x_fake = tf1.Variable(0.0) * tf.ones([N, 1])
  inference = ed.GANInference({x_fake: x_batch}, linear_discriminator)
  inference.run(n_iter=10, n_print=0)
  assert sess.run(inference.t) == 10
  assert inference.coord.should_stop()
  assert all(not thread.is_alive() for thread in inference.threads)
