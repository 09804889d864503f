"""_distributed/cluster.py without a running cluster: the tasks, what
WorkerFaults says, and finish_run on one machine. Loopback clusters are in
test_multiworker_faults.py."""

import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.inferences._distributed import cluster
from tests.distribute.replicas import mirrored
from tests.distribute.test_multiworker import free_ports


def two_workers(task_id, ports):
  resolver = tf.distribute.cluster_resolver.SimpleClusterResolver(
      tf.train.ClusterSpec({"worker": ["127.0.0.1:{}".format(port)
                                       for port in ports]}),
      task_type="worker", task_id=task_id)
  return tf1.distribute.experimental.MultiWorkerMirroredStrategy(
      cluster_resolver=resolver)


class Refusing(object):
  """A step runner whose every step fails with `error`."""

  def __init__(self, error):
    self.error = error
    self.run_options = None

  def run(self, sess, fetches, feed_dict):
    raise self.error


def test_tasks_in_rank_order_and_none_on_one_machine():
  with tf1.Graph().as_default():
    strategy = two_workers(1, [1111, 2222])
    assert cluster.task_addresses(strategy) == [
        ("worker", 0, "127.0.0.1:1111"), ("worker", 1, "127.0.0.1:2222")]
    assert cluster.task_addresses(mirrored()) == []


def test_finish_run_on_one_machine_returns_at_once():
  with tf1.Graph().as_default():
    assert ed.inferences.finish_run(mirrored(), session=object()) is None


def test_a_timed_out_step_names_the_worker_that_does_not_answer():
  ports = free_ports(2)  # nothing listens on them
  with tf1.Graph().as_default():
    strategy = two_workers(0, ports)
    timeout = tf.errors.DeadlineExceededError(None, None,
                                              "Operation timed out.")
    faults = cluster.WorkerFaults(Refusing(timeout), strategy, 2.5)
    assert faults.run_options.timeout_in_ms == 2500
    with pytest.raises(ed.inferences.WorkerTimeoutError) as raised:
      faults.run(None, {}, {})
  assert str(raised.value) == (
      "worker 0: this training step waited more than 2.5 s "
      "(collective_timeout) for the other workers. No answer from worker 1 "
      "(127.0.0.1:{}): stopped, dead or cut off from this worker. TensorFlow "
      "cannot run collectives in this process again: restart every worker, "
      "from the last checkpoint (docs/distributed.md).".format(ports[1]))
  assert raised.value.peers == ["127.0.0.1:{}".format(ports[1])]
  assert raised.value.__cause__ is timeout
  assert isinstance(raised.value, tf.errors.DeadlineExceededError)


def test_other_errors_of_a_step_pass_unchanged():
  with tf1.Graph().as_default():
    strategy = two_workers(1, free_ports(2))
    refused = tf.errors.InvalidArgumentError(None, None, "bad feed")
    faults = cluster.WorkerFaults(Refusing(refused), strategy, None)
    assert faults.run_options is None
    with pytest.raises(tf.errors.InvalidArgumentError) as raised:
      faults.run(None, {}, {})
  assert raised.value is refused
