"""Tests for edward_lite.util.progbar.Progbar: its exact text and printing."""

import io
import sys
import types

import pytest

from edward_lite.util import progbar as progbar_module
from edward_lite.util.progbar import Progbar

START = 1000.0
BLOCK = "\u2588"


class FakeClock(object):
  """Stands in for the `time` module inside progbar; tests set `now`."""

  def __init__(self, now):
    self.now = now

  def time(self):
    return self.now


@pytest.fixture
def clock(monkeypatch):
  fake = FakeClock(START)
  monkeypatch.setattr(progbar_module, "time",
                      types.SimpleNamespace(time=fake.time))
  return fake


def _stream(encoding):
  return io.TextIOWrapper(io.BytesIO(), encoding=encoding)


def _written(stream):
  stream.flush()
  return stream.buffer.getvalue().decode(stream.encoding)


@pytest.fixture
def utf8_stdout(monkeypatch):
  """A UTF-8 stdout, so the bar is drawn with blocks whatever the terminal."""
  stream = _stream("utf-8")
  monkeypatch.setattr(sys, "stdout", stream)
  return stream


@pytest.mark.parametrize("target, width, values, current, elapsed, expected", [
    # Step numbers are padded to the target's digits, percent to 3 places.
    (100, 10, {}, 5, 5.0,
     "  5/100 [  5%] " + " " * 10 + " ETA: 95s"),
    (10, 10, {"Gen Loss": 0.5}, 5, 5.0,
     " 5/10 [ 50%] " + BLOCK * 5 + " " * 5 + " ETA: 5s | Gen Loss: 0.500"),
    # At the target: a full bar and the whole time taken, rounded down.
    (10, 20, {"Gen Loss": 0.5, "Disc Loss": 1.25}, 10, 7.75,
     "10/10 [100%] " + BLOCK * 20 +
     " Elapsed: 7s | Gen Loss: 0.500 | Disc Loss: 1.250"),
    # Default width 30; no step taken yet, so no time estimate.
    (3, 30, {}, 0, 0.0, "0/3 [  0%] " + " " * 30 + " ETA: 0s"),
    # 0.25 s per step for 993 more steps is 248.25 s, shown as 248s.
    (1000, 4, {"loss": -0.0004}, 7, 1.75,
     "   7/1000 [  0%] " + " " * 4 + " ETA: 248s | loss: -0.000"),
    (8, 8, {}, 3, 1.5, "3/8 [ 37%] " + BLOCK * 3 + " " * 5 + " ETA: 2s"),
])
def test_format_exact_text(clock, utf8_stdout, target, width, values, current,
                           elapsed, expected):
  del utf8_stdout  # Only needed for the bar character.
  progbar = Progbar(target, width=width)
  progbar.stored_values.update(values)
  assert progbar.format(current, now=START + elapsed) == expected


def test_format_defaults_now_to_the_clock(clock, utf8_stdout):
  del utf8_stdout
  progbar = Progbar(4, width=4)
  clock.now = START + 3.0
  assert progbar.format(1) == "1/4 [ 25%] " + BLOCK + "    ETA: 9s"


def test_format_draws_stars_when_stdout_cannot_encode_blocks(clock,
                                                             monkeypatch):
  monkeypatch.setattr(sys, "stdout", _stream("ascii"))
  progbar = Progbar(4, width=4)
  assert progbar.format(2, now=START + 2.0) == "2/4 [ 50%] **   ETA: 2s"


def test_update_writes_the_line_to_stdout(clock, capsys):
  progbar = Progbar(4, width=4, interval=0)
  clock.now = START + 1.0
  progbar.update(1, {"loss": 2.0})
  assert capsys.readouterr().out == (
      "\r1/4 [ 25%] " + BLOCK + "    ETA: 3s | loss: 2.000")


def test_update_ends_the_line_at_the_target(clock, capsys):
  progbar = Progbar(4, width=4, interval=0)
  clock.now = START + 1.0
  progbar.update(3)
  first = capsys.readouterr().out
  clock.now = START + 2.0
  progbar.update(4)
  last = capsys.readouterr().out
  assert first == "\r3/4 [ 75%] " + BLOCK * 3 + "  ETA: 0s"
  assert last == "\r4/4 [100%] " + BLOCK * 4 + " Elapsed: 2s\n"


def test_update_pads_a_shorter_line_over_the_previous_one(clock, capsys):
  progbar = Progbar(4, width=4, interval=0)
  clock.now = START + 1.0
  progbar.update(1, {"loss": 10.0})
  clock.now = START + 2.0
  progbar.update(2, {"loss": 1.0})
  assert capsys.readouterr().out == (
      "\r1/4 [ 25%] " + BLOCK + "    ETA: 3s | loss: 10.000"
      "\r2/4 [ 50%] " + BLOCK * 2 + "   ETA: 2s | loss: 1.000 ")


def test_update_with_verbose_0_prints_nothing(clock, capsys):
  progbar = Progbar(2, interval=0, verbose=0)
  clock.now = START + 1.0
  progbar.update(1, {"loss": 1.0}, force=True)
  progbar.update(2, {"loss": 0.5})
  assert capsys.readouterr().out == ""
  assert progbar.stored_values == {"loss": 0.5}
  assert progbar.seen_so_far == 2


def test_update_prints_at_most_once_per_interval(clock, capsys):
  progbar = Progbar(4, width=4, interval=10.0)
  clock.now = START + 1.0
  progbar.update(1)  # The first update is due: nothing was printed yet.
  clock.now = START + 2.0
  progbar.update(2, {"loss": 0.25})  # 1 s after the last print: skipped.
  clock.now = START + 3.0
  progbar.update(3, force=True)
  clock.now = START + 4.0
  progbar.update(4)  # The target always prints.
  assert capsys.readouterr().out == (
      "\r1/4 [ 25%] " + BLOCK + "    ETA: 3s"
      "\r3/4 [ 75%] " + BLOCK * 3 + "  ETA: 1s | loss: 0.250"
      "\r4/4 [100%] " + BLOCK * 4 + " Elapsed: 4s | loss: 0.250\n")


def test_update_keeps_every_value_it_was_given(clock, capsys):
  progbar = Progbar(3, width=3, interval=0)
  clock.now = START + 1.0
  progbar.update(1, {"Gen Loss": 1.0})
  progbar.update(2, {"Disc Loss": 2.0})
  progbar.update(3, {"Gen Loss": 3.0})
  lines = capsys.readouterr().out.split("\r")[1:]
  assert [line.split(" | ", 1)[1].rstrip() for line in lines] == [
      "Gen Loss: 1.000",
      "Gen Loss: 1.000 | Disc Loss: 2.000",
      "Gen Loss: 3.000 | Disc Loss: 2.000",
  ]
  assert progbar.stored_values == {"Gen Loss": 3.0, "Disc Loss": 2.0}
