"""Edward's text progress bar."""

import sys
import time

import numpy as np

__all__ = ["Progbar"]


class Progbar(object):
  """A one-line progress bar with the latest value of each named metric.

  It prints `current/target`, the percentage, a bar, the estimated time
  left (or the time taken, at the end) and `| name: value` for every
  value passed so far, rewriting the same terminal line.

  The time left is estimated from the rate of the steps since the first
  `update`, so it leaves out what came before it: building the graph,
  initializing the variables and TensorFlow's start-up in the first
  step. The first line, which has no rate to go by yet, shows none.
  (Edward measured from the bar's creation, and its first lines said
  hours for a run of seconds.)

  #### Examples

  ```python
  progbar = Progbar(10)
  for t in range(1, 11):
    progbar.update(t, {"Loss": 1.0 / t})
  ```
  """

  def __init__(self, target, width=30, interval=0.01, verbose=1):
    """Creates a progress bar.

    Args:
      target: int. Total number of steps expected.
      width: int. Width of the bar in characters.
      interval: float. Minimum number of seconds between two prints,
        except for the last step, which always prints.
      verbose: int. 0 prints nothing; 1 (default) prints.
    """
    self.target = target
    self.width = width
    self.interval = interval
    self.verbose = verbose
    self.stored_values = {}
    self.start = time.time()
    self.last_update = 0
    self.total_width = 0
    self.seen_so_far = 0
    # (step, time) of the first update, where the rate is measured from.
    self._first_update = None

  def update(self, current, values=None, force=False):
    """Records step `current` and prints the bar when it is due.

    It prints when `force` is True, when at least `interval` seconds
    passed since the last print, or when `current` reaches `target`.

    Args:
      current: int. Index of the current step.
      values: dict of str to float. The latest value of each metric.
      force: bool. Print now whatever the interval.
    """
    if values:
      self.stored_values.update(values)
    self.seen_so_far = current
    now = time.time()
    if self._first_update is None or current < self._first_update[0]:
      # A step below the first means the count started again.
      self._first_update = (current, now)
    due = (force or now - self.last_update >= self.interval or
           current >= self.target)
    if not due:
      return
    self.last_update = now
    if self.verbose == 0:
      return
    self._write(self.format(current, now))

  def format(self, current, now=None):
    """Returns the progress line for step `current`, without printing it.

    Args:
      current: int. Index of the current step.
      now: float. The time to compute the ETA from; defaults to now.

    Returns:
      str. The line, e.g. `  5/10 [ 50%] ███...  ETA: 3s | Loss: 0.200`.
    """
    if now is None:
      now = time.time()
    current, target = int(_plain(current)), int(_plain(self.target))
    digits = len(str(target))
    # In integers: 29 / 100 * 100 is 28.999... in floats, shown as 28%.
    percent = 100 * current // target if target else 100
    filled = self.width * current // target if target else self.width
    filled = max(0, min(self.width, filled))
    line = "{:>{d}}/{:>{d}} [{:>3}%] {}{}".format(
        current, target, percent, _bar_char() * filled,
        " " * (self.width - filled), d=digits)
    if current < target:
      eta = self._eta(current, target, now)
      if eta is not None:
        line += " ETA: {:d}s".format(eta)
    else:
      line += " Elapsed: {:d}s".format(int(now - self.start))
    for name, value in self.stored_values.items():
      line += " | {}: {:0.3f}".format(name, _plain(value))
    return line

  def _eta(self, current, target, now):
    """Seconds left at the rate since the first update; None before one."""
    if self._first_update is None:
      return None
    first_step, first_time = self._first_update
    if current <= first_step:
      return None
    per_step = (now - first_time) / (current - first_step)
    return int(per_step * (target - current))

  def _write(self, line):
    # Pad with spaces so a shorter line fully covers the previous one.
    padding = max(0, self.total_width - len(line))
    self.total_width = len(line)
    # Looked up on every write so that redirected output is followed.
    stream = sys.stdout
    stream.write("\r" + line + " " * padding)
    if self.seen_so_far >= self.target:
      stream.write("\n")
    stream.flush()


def _plain(value):
  """A NumPy scalar or 0-d array as the Python number it holds.

  NumPy 2 writes its scalars as `np.float32(0.5)` wherever Python asks
  for their repr; the bar only shows plain numbers.
  """
  if isinstance(value, (np.generic, np.ndarray)) and np.ndim(value) == 0:
    return value.item()
  return value


def _bar_char():
  encoding = getattr(sys.stdout, "encoding", None) or "ascii"
  try:
    "\u2588".encode(encoding)
  except (UnicodeEncodeError, LookupError):
    return "*"
  return "\u2588"
