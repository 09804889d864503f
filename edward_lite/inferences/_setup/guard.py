"""The decorator on every `initialize`: all or nothing, then the threads.

Each inference class of edward_lite decorates its `initialize` with
`guarded`, and `Inference.__init_subclass__` gives it to a subclass
written without it (a user's own), so that every `initialize` does the
same two things around the class's own code:

1. A call that raises takes back what it built: the graph's collections,
   variable store and scope counts, and the inference's attributes
   (`atomic.py`). Some faults show only once part of the graph exists (a
   discriminator that returns integers, a generator with nothing to
   train); the same graph can then build a correct inference.
2. The outermost call, once the whole step exists, times the step under
   a few thread settings and gives edward_lite's own session the fastest
   (`_running/fast_path.choose_threads`), unless the user chose them.

A subclass's `initialize` calls its parent's; both are guarded, and only
the outermost call snapshots the graph and chooses the threads.
"""

import functools

from edward_lite.inferences._running import fast_path
from edward_lite.inferences._setup.atomic import all_or_nothing

__all__ = ["guard_subclass", "guarded"]


def _then_choosing_threads(initialize):
  """`initialize`, then `choose_threads` when the outermost call returns."""
  @functools.wraps(initialize)
  def wrapper(self, *args, **kwargs):
    depth = self.__dict__.get("_initialize_depth", 0)
    self._initialize_depth = depth + 1  # pylint: disable=protected-access
    try:
      result = initialize(self, *args, **kwargs)
    finally:
      if depth:
        self._initialize_depth = depth  # pylint: disable=protected-access
      else:
        self.__dict__.pop("_initialize_depth", None)
    if not depth:
      timings = fast_path.choose_threads(
          self.__dict__.pop("_threads_to_choose", None),
          getattr(self, "_fetches", {}).get(None), self.data,
          self.__dict__.get("_dataset_inputs", {}))
      if timings is not None:
        # What was timed, for whoever wants to know why a setting won.
        self._thread_timings = timings  # pylint: disable=protected-access
    return result
  return wrapper


def guarded(initialize):
  """Decorates an `initialize` method as the module docstring says.

  Args:
    initialize: an `initialize` method.

  Returns:
    The decorated method, marked `guarded`.
  """
  wrapper = all_or_nothing(_then_choosing_threads(initialize))
  wrapper.guarded = True
  return wrapper


def guard_subclass(cls):
  """Guards `cls.initialize` if `cls` defines one without `guarded`.

  Args:
    cls: a subclass of Inference, just made.
  """
  initialize = cls.__dict__.get("initialize")
  if initialize is not None and not getattr(initialize, "guarded", False):
    cls.initialize = guarded(initialize)
