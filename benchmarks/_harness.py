"""Interleaved timing: every way runs a block of steps in turn, round after round.

Timing one way after another lets the machine's state drift between them
(another process starts, the CPU warms, caches fill) and shows the drift
as a difference between ways. Here each round runs one block of every
way, in an order rotated from round to round, and a way's ratio to its
baseline is the median over rounds of the ratio of the two blocks'
medians: a slow spell hits both sides of each ratio.

A way whose loop is not ours to drive (`Inference.run()` owns its loop)
drives the rounds itself: it calls back between its own blocks.
"""

import statistics
import time

__all__ = ["Way", "WayResult", "interleave", "time_steps"]


def time_steps(step, count):
  """Runs `step()` `count` times; returns (wall seconds, CPU seconds) lists.

  CPU time is the whole process's (all of TensorFlow's threads), so it
  shows the work done even when other processes take the cores.
  """
  walls, cpus = [], []
  for _ in range(count):
    wall_start = time.perf_counter()
    cpu_start = time.process_time()
    step()
    cpus.append(time.process_time() - cpu_start)
    walls.append(time.perf_counter() - wall_start)
  return walls, cpus


class Way(object):
  """One way to train the model, timed step by step.

  Subclasses set `step` (a callable running one training step) in
  `prepare`, or override `block`.

  Args:
    name: str. Key in the JSON.
    label: str. Row label in the table.
    baseline: str or None. Name of the way it is compared to.
  """

  drives = False

  def __init__(self, name, label, baseline=None):
    self.name = name
    self.label = label
    self.baseline = baseline
    self.step = None

  def prepare(self):
    """Builds what the way needs. Returns nothing."""

  def warm_up(self, count):
    """Runs `count` untimed steps (compilation, caches, allocator).

    Returns:
      float. Seconds the first of them took (graph optimization, XLA
      compilation), or None when `count` is 0.
    """
    if count < 1:
      return None
    walls, _ = self.block(1)
    self.block(count - 1)
    return walls[0]

  def block(self, count):
    """Runs `count` timed steps; returns (walls, cpus) in seconds."""
    return time_steps(self.step, count)

  def close(self):
    """Releases what `prepare` made."""


class WayResult(object):
  """The timings of one way: per-step times, grouped by round."""

  def __init__(self, way):
    self.way = way
    self.rounds_wall = []
    self.rounds_cpu = []
    self.first_step_s = None

  def add(self, walls, cpus):
    self.rounds_wall.append(list(walls))
    self.rounds_cpu.append(list(cpus))

  def all_wall(self):
    return [t for block in self.rounds_wall for t in block]

  def all_cpu(self):
    return [t for block in self.rounds_cpu for t in block]

  def median_ms(self):
    return 1e3 * statistics.median(self.all_wall())

  def cpu_median_ms(self):
    return 1e3 * statistics.median(self.all_cpu())

  def spread_ms(self):
    """(10th, 90th) percentile of the per-round medians, in ms."""
    medians = sorted(1e3 * statistics.median(b) for b in self.rounds_wall)
    low = medians[int(0.1 * (len(medians) - 1))]
    high = medians[int(round(0.9 * (len(medians) - 1)))]
    return low, high

  def ratio_to(self, other, cpu=False):
    """Median over rounds of this way's block median over `other`'s."""
    mine = self.rounds_cpu if cpu else self.rounds_wall
    theirs = other.rounds_cpu if cpu else other.rounds_wall
    ratios = []
    for a, b in zip(mine, theirs):
      denominator = statistics.median(b)
      if denominator > 0:
        ratios.append(statistics.median(a) / denominator)
    return statistics.median(ratios) if ratios else float("nan")


def interleave(ways, rounds, block, warmup, log=None):
  """Times `ways` in `rounds` rounds of `block` steps each.

  Args:
    ways: list of prepared Way. At most one may drive (`drives` True).
    rounds: int.
    block: int. Steps per way per round.
    warmup: int. Untimed steps per way first.
    log: callable taking a str, for progress; None is quiet.

  Returns:
    dict of name to WayResult.
  """
  results = {way.name: WayResult(way) for way in ways}
  drivers = [way for way in ways if way.drives]
  if len(drivers) > 1:
    raise ValueError("At most one way can drive the rounds.")
  others = [way for way in ways if not way.drives]
  for way in others:
    results[way.name].first_step_s = way.warm_up(warmup)
  done = [0]

  def one_round():
    shift = done[0] % max(len(others), 1)
    for way in others[shift:] + others[:shift]:
      results[way.name].add(*way.block(block))
    done[0] += 1
    if log is not None:
      log("round {}/{}".format(done[0], rounds))

  if drivers:
    driver = drivers[0]
    driver.drive(warmup, rounds, block, one_round, results[driver.name])
  else:
    for _ in range(rounds):
      one_round()
  return results
