"""Edward's text progress bar."""

import sys
import time

__all__ = ["Progbar"]


class Progbar(object):
  """A one-line progress bar with the latest value of each named metric.

  It prints `current/target`, the percentage, a bar, the estimated time
  left (or the time taken, at the end) and `| name: value` for every
  value passed so far, rewriting the same terminal line.

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
    digits = len(str(self.target))
    fraction = float(current) / self.target if self.target else 1.0
    filled = max(0, min(self.width, int(self.width * fraction)))
    line = "{:>{d}}/{:>{d}} [{:>3}%] {}{}".format(
        current, self.target, int(fraction * 100), _bar_char() * filled,
        " " * (self.width - filled), d=digits)
    elapsed = now - self.start
    if current < self.target:
      per_step = elapsed / current if current else 0.0
      line += " ETA: {:d}s".format(int(per_step * (self.target - current)))
    else:
      line += " Elapsed: {:d}s".format(int(elapsed))
    for name, value in self.stored_values.items():
      line += " | {}: {:0.3f}".format(name, value)
    return line

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


def _bar_char():
  encoding = getattr(sys.stdout, "encoding", None) or "ascii"
  try:
    "\u2588".encode(encoding)
  except (UnicodeEncodeError, LookupError):
    return "*"
  return "\u2588"
