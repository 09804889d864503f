"""The workers of a MultiWorkerMirroredStrategy cluster, as one run sees them.

Three things a multi-worker run needs besides its training step:

- naming the peer that stopped answering when an all-reduce times out
  (`WorkerFaults`, which `initialize` puts around each update's session
  call);
- ending the run so that no worker leaves while another still reads
  from it (`finish_run`);
- knowing every task's address (`task_addresses`).
"""

import time

from edward_lite._tf import tf, tf1
from edward_lite.inferences.errors import WorkerTimeoutError
from edward_lite.util.graphs import get_session

__all__ = ["DEFAULT_TIMEOUT", "WorkerFaults", "describe_tasks", "finish_run",
           "task_addresses", "unresponsive_peers"]

# Seconds a multi-worker step, or the end of a run, waits for the other
# workers before it fails.
DEFAULT_TIMEOUT = 300.0

# Seconds one peer gets to answer the probe made after a timeout.
_PROBE_SECONDS = 3.0
# The errors a session call gives when a collective failed or timed out.
_COLLECTIVE_ERRORS = (tf.errors.DeadlineExceededError,
                      tf.errors.UnavailableError, tf.errors.CancelledError,
                      tf.errors.AbortedError, tf.errors.InternalError)


def _resolver(strategy):
  resolver = strategy.cluster_resolver
  if resolver is None or not resolver.cluster_spec().jobs:
    return None
  return resolver


def task_addresses(strategy):
  """Every task of the strategy's cluster, in the order of their ranks.

  Args:
    strategy: tf.distribute.Strategy.

  Returns:
    list of (job, index, "host:port"), chief first; empty on one machine.
  """
  resolver = _resolver(strategy)
  if resolver is None:
    return []
  spec = resolver.cluster_spec()
  tasks = []
  for job in ("chief", "worker"):
    if job in spec.jobs:
      tasks += [(job, index, spec.task_address(job, index))
                for index in spec.task_indices(job)]
  return tasks


def _this_task(strategy):
  resolver = _resolver(strategy)
  return resolver.task_type, resolver.task_id


def _answers(address, seconds):
  """Whether a TensorFlow server answers at `address` within `seconds`.

  A gRPC channel is ready only once the server has answered the HTTP/2
  handshake; a stopped process's kernel still accepts the connection, so
  a plain TCP connect would not tell.
  """
  import grpc  # pylint: disable=g-import-not-at-top  (TensorFlow's own)
  channel = grpc.insecure_channel(address)
  try:
    grpc.channel_ready_future(channel).result(timeout=seconds)
    return True
  except grpc.FutureTimeoutError:
    return False
  finally:
    channel.close()


def unresponsive_peers(strategy, seconds=_PROBE_SECONDS):
  """The other tasks that do not answer now: [(job, index, address)]."""
  me = _this_task(strategy)
  return [(job, index, address)
          for job, index, address in task_addresses(strategy)
          if (job, index) != me and not _answers(address, seconds)]


def describe_tasks(tasks):
  """'worker 1 (host:port), ...' for [(job, index, address)]."""
  return ", ".join("{} {} ({})".format(job, index, address)
                   for job, index, address in tasks)


class WorkerFaults(object):
  """Runs each step with a deadline, and says whom it waited for.

  A multi-worker step blocks in its all-reduces until every worker joins;
  a stopped or cut-off worker would keep it there for ever. Each step's
  session call gets `timeout` as its deadline (`RunOptions.timeout_in_ms`),
  which cancels the step's collectives when it passes. TensorFlow's own
  collective timeout is not used: it starts one thread per collective
  that sleeps for the whole timeout, thousands of threads per minute of
  training (see docs/distributed.md).

  When a step times out or loses a peer, TensorFlow names no one; this
  runner probes every other task and raises `WorkerTimeoutError` naming
  those that do not answer.

  Args:
    runner: the step runner to call (a `StepRunner`).
    strategy: tf.compat.v1 MultiWorkerMirroredStrategy.
    timeout: float or None. The step's deadline in seconds.
  """

  def __init__(self, runner, strategy, timeout):
    self._runner = runner
    self._strategy = strategy
    self._timeout = timeout
    if timeout is not None:
      runner.run_options = tf1.RunOptions(
          timeout_in_ms=max(1, int(round(timeout * 1000))))

  def __getattr__(self, name):
    return getattr(self._runner, name)

  def run(self, sess, fetches, feed_dict):
    """Runs the step as the wrapped runner does, with the deadline.

    Raises:
      WorkerTimeoutError: if the step passed its deadline, or a
        collective of it lost its peer.
    """
    try:
      return self._runner.run(sess, fetches, feed_dict)
    except _COLLECTIVE_ERRORS as error:
      if not _is_collective_failure(error):
        raise
      raise self._explain(error) from error

  def _explain(self, error):
    silent = unresponsive_peers(self._strategy)
    job, index = _this_task(self._strategy)
    if isinstance(error, tf.errors.DeadlineExceededError):
      what = ("this training step waited more than {:g} s (collective_timeout) "
              "for the other workers.".format(self._timeout))
    else:
      what = "this training step lost its connection to another worker."
    if silent:
      who = ("No answer from {}: stopped, dead or cut off from this "
             "worker.".format(describe_tasks(silent)))
    else:
      who = ("Every other worker answers now, so one of them was slower or "
             "failed on its own: see its log, or raise collective_timeout.")
    message = (
        "{} {}: {} {} TensorFlow cannot run collectives in this process "
        "again: restart every worker, from the last checkpoint "
        "(docs/distributed.md).".format(job, index, what, who))
    return WorkerTimeoutError(error.node_def, error.op, message,
                              peers=[address for _, _, address in silent])


def _is_collective_failure(error):
  text = str(error)
  return isinstance(error, tf.errors.DeadlineExceededError) or any(
      marker in text for marker in ("ollective", "RecvBuf", "Socket closed",
                                    "Connection reset", "failed to connect"))


def finish_run(strategy, timeout=DEFAULT_TIMEOUT, session=None):
  """Waits until every worker is done, so that this one can exit safely.

  A worker that exits as soon as its last all-reduce returns can still be
  needed: a peer may not yet have read this worker's part of that
  all-reduce, and fails when the process is gone. A barrier (one more
  all-reduce) only moves the race to the barrier. Instead, every other
  worker tells the chief it is done, through a queue on the chief's
  server, and waits until the chief has heard from all of them; each then
  acknowledges, and the chief returns once every acknowledgement came (or
  after `timeout`). No step of this needs a worker that has left.

  Call it on every worker after training (after `inference.finalize()`),
  then exit the process (TensorFlow's server has no shutdown in graph
  mode; `os._exit(0)` ends it). With a single-machine strategy it
  returns at once.

  Args:
    strategy: tf.distribute.Strategy the inference trained with.
    timeout: float or None. Seconds to wait for the other workers;
      None waits for ever. Default 300.
    session: tf.compat.v1.Session on this worker's server. Default is
      `ed.get_session()`.

  Raises:
    WorkerTimeoutError: on the chief, if some worker did not say it was
      done within `timeout` (the error names them); on another worker, if
      the chief did not answer within `timeout`.
  """
  tasks = task_addresses(strategy)
  if len(tasks) < 2:
    return
  session = session or get_session()
  chief_job, _, _ = tasks[0]
  me = _this_task(strategy)
  chief = me == (chief_job, 0)
  others = [task for task in tasks if (task[0], task[1]) != (chief_job, 0)]
  graph = tf1.Graph()
  with graph.as_default(), tf1.device(
      "/job:{}/replica:0/task:0/device:CPU:0".format(chief_job)):
    queues = {
        name: tf1.FIFOQueue(len(tasks), tf.int32, shapes=[[]],
                            shared_name="edward_lite_finish_run_" + name,
                            name=name)
        for name in ("done", "release", "ack")}
    rank = tasks.index(next(t for t in tasks if (t[0], t[1]) == me))
    ops = {
        "say_done": queues["done"].enqueue(rank),
        "hear_done": queues["done"].dequeue(),
        "release": queues["release"].enqueue_many(
            [tf.zeros([len(others)], tf.int32)]),
        "wait_release": queues["release"].dequeue(),
        "ack": queues["ack"].enqueue(rank),
        "hear_ack": queues["ack"].dequeue(),
    }
  config = tf1.ConfigProto(device_filters=[
      "/job:{}/task:0".format(chief_job), "/job:{}/task:{}".format(*me)])
  options = tf1.RunOptions(
      timeout_in_ms=0 if timeout is None else int(timeout * 1000))
  with tf1.Session(session.sess_str, graph=graph, config=config) as end:
    if chief:
      _chief_ends(end, ops, options, tasks, others, timeout)
    else:
      _worker_ends(end, ops, options, me, tasks[0], timeout)


def _chief_ends(end, ops, options, tasks, others, timeout):
  waiting = {tasks.index(task) for task in others}
  while waiting:
    try:
      waiting.discard(end.run(ops["hear_done"], options=options))
    except tf.errors.DeadlineExceededError as error:
      missing = [tasks[rank] for rank in sorted(waiting)]
      raise WorkerTimeoutError(
          error.node_def, error.op,
          "The chief waited {:g} s (finish_run's timeout) for {} to finish "
          "training; it never said it was done.".format(
              timeout, describe_tasks(missing)),
          peers=[address for _, _, address in missing]) from error
  end.run(ops["release"])
  # Every worker has left its collectives: none needs another now. The
  # acknowledgements only keep this server up until each worker has read
  # its release; after `timeout`, the chief stops waiting for them.
  deadline = None if timeout is None else time.monotonic() + timeout
  for _ in others:
    left = None if deadline is None else deadline - time.monotonic()
    if left is not None and left <= 0:
      return
    try:
      end.run(ops["hear_ack"], options=tf1.RunOptions(
          timeout_in_ms=0 if left is None else max(1, int(left * 1000))))
    except tf.errors.DeadlineExceededError:
      return


def _worker_ends(end, ops, options, me, chief_task, timeout):
  end.run(ops["say_done"], options=options)
  try:
    end.run(ops["wait_release"], options=options)
  except tf.errors.DeadlineExceededError as error:
    raise WorkerTimeoutError(
        error.node_def, error.op,
        "{} {} waited {:g} s (finish_run's timeout) for the chief, {}, to "
        "say that every worker finished.".format(
            me[0], me[1], timeout, describe_tasks([chief_task])),
        peers=[chief_task[2]]) from error
  try:
    end.run(ops["ack"], options=options)
  except tf.errors.OpError:
    pass  # The chief may have left once it heard every other worker.

