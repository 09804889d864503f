"""Tests for edward_lite.util.progbar.Progbar: its exact text and printing."""

import io
import sys
import types

import numpy as np
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


@pytest.mark.parametrize(
    "target, width, values, first, first_at, current, now, expected", [
        # Step numbers are padded to the target's digits, percent to 3
        # places; 4 steps in 4 s since the first update leave 95 s.
        (100, 10, {}, 1, 1.0, 5, 5.0,
         "  5/100 [  5%] " + " " * 10 + " ETA: 95s"),
        # A slow start (20 s before the first update: graph, variables,
        # TensorFlow's first step) does not count; Edward said 24s.
        (10, 10, {"Gen Loss": 0.5}, 1, 20.0, 5, 24.0,
         " 5/10 [ 50%] " + BLOCK * 5 + " " * 5 +
         " ETA: 5s | Gen Loss: 0.500"),
        # At the target: a full bar and the whole time since the bar was
        # made, rounded down.
        (10, 20, {"Gen Loss": 0.5, "Disc Loss": 1.25}, 1, 5.0, 10, 7.75,
         "10/10 [100%] " + BLOCK * 20 +
         " Elapsed: 7s | Gen Loss: 0.500 | Disc Loss: 1.250"),
        # No update yet: no rate, so no estimate.
        (3, 30, {}, None, None, 0, 0.0, "0/3 [  0%] " + " " * 30),
        # The first update itself has no rate either.
        (1000, 30, {"loss": 1.0}, 1, 15.0, 1, 15.0,
         "   1/1000 [  0%] " + " " * 30 + " | loss: 1.000"),
        # 0.25 s per step for 993 more steps is 248.25 s, shown as 248s.
        (1000, 4, {"loss": -0.0004}, 1, 0.25, 7, 1.75,
         "   7/1000 [  0%] " + " " * 4 + " ETA: 248s | loss: -0.000"),
        (8, 8, {}, 1, 0.5, 3, 1.5,
         "3/8 [ 37%] " + BLOCK * 3 + " " * 5 + " ETA: 2s"),
        # 290 / 1000 * 100 is 28.999... in floats: Edward showed 28%.
        (1000, 10, {}, 1, 1.0, 290, 2.0,
         " 290/1000 [ 29%] " + BLOCK * 2 + " " * 8 + " ETA: 2s"),
        (1000, 10, {}, 1, 1.0, 570, 2.0,
         " 570/1000 [ 57%] " + BLOCK * 5 + " " * 5 + " ETA: 0s"),
    ])
def test_format_exact_text(clock, utf8_stdout, target, width, values, first,
                           first_at, current, now, expected):
  del utf8_stdout  # Only needed for the bar character.
  progbar = Progbar(target, width=width, verbose=0)
  if first is not None:
    clock.now = START + first_at
    progbar.update(first)
  progbar.stored_values.update(values)
  assert progbar.format(current, now=START + now) == expected


def test_the_first_lines_eta_is_not_the_start_up_spread_over_the_run(
    clock, capsys):
  # Issue 14's run: 15 s of graph building, initialization and the first
  # step before update(1), then 10 ms a step. Edward's bar, timed from
  # its creation, said 1493s at step 10 of a 10-second run.
  progbar = Progbar(1000, width=10)
  clock.now = START + 15.0
  progbar.update(1)
  clock.now = START + 15.09
  progbar.update(10)
  assert capsys.readouterr().out == (
      "\r   1/1000 [  0%]           "
      "\r  10/1000 [  1%]            ETA: 9s")


def test_a_count_that_starts_again_is_timed_from_its_new_start(clock,
                                                               utf8_stdout):
  del utf8_stdout
  progbar = Progbar(10, width=10, verbose=0)
  clock.now = START + 1.0
  progbar.update(8)
  clock.now = START + 50.0
  progbar.update(2)
  assert progbar.format(4, now=START + 52.0) == (
      " 4/10 [ 40%] " + BLOCK * 4 + " " * 6 + " ETA: 6s")


def test_numpy_scalars_print_as_plain_numbers(clock, utf8_stdout):
  del utf8_stdout
  values = {"loss": 0.5, "t": 50, "d": 0.25}
  as_python = Progbar(100, width=10, verbose=0)
  as_numpy = Progbar(np.int32(100), width=10, verbose=0)
  clock.now = START + 1.0
  as_python.update(1, values)
  as_numpy.update(np.int32(1), {"loss": np.float32(0.5), "t": np.int32(50),
                                "d": np.array(0.25)})
  expected = (" 50/100 [ 50%] " + BLOCK * 5 + " " * 5 +
              " ETA: 50s | loss: 0.500 | t: 50.000 | d: 0.250")
  assert as_python.format(50, now=START + 50.0) == expected
  assert as_numpy.format(np.int64(50), now=START + 50.0) == expected
  assert as_numpy.format(np.float64(50.0), now=START + 50.0) == expected


def test_format_defaults_now_to_the_clock(clock, utf8_stdout):
  del utf8_stdout
  progbar = Progbar(4, width=4, verbose=0)
  clock.now = START + 1.0
  progbar.update(1)
  clock.now = START + 3.0
  assert progbar.format(2) == "2/4 [ 50%] " + BLOCK * 2 + "   ETA: 4s"


def test_format_draws_stars_when_stdout_cannot_encode_blocks(clock,
                                                             monkeypatch):
  monkeypatch.setattr(sys, "stdout", _stream("ascii"))
  progbar = Progbar(4, width=4)
  assert progbar.format(2, now=START + 2.0) == "2/4 [ 50%] **  "


def test_update_writes_the_line_to_stdout(clock, capsys):
  progbar = Progbar(4, width=4, interval=0)
  clock.now = START + 1.0
  progbar.update(1, {"loss": 2.0})
  assert capsys.readouterr().out == (
      "\r1/4 [ 25%] " + BLOCK + "    | loss: 2.000")


def test_update_ends_the_line_at_the_target(clock, capsys):
  progbar = Progbar(4, width=4, interval=0)
  clock.now = START + 1.0
  progbar.update(3)
  first = capsys.readouterr().out
  clock.now = START + 2.0
  progbar.update(4)
  last = capsys.readouterr().out
  assert first == "\r3/4 [ 75%] " + BLOCK * 3 + " "
  assert last == "\r4/4 [100%] " + BLOCK * 4 + " Elapsed: 2s\n"


def test_update_pads_a_shorter_line_over_the_previous_one(clock, capsys):
  progbar = Progbar(4, width=4, interval=0)
  clock.now = START + 1.0
  progbar.update(1, {"loss": 10.0})
  clock.now = START + 2.0
  progbar.update(2, {"loss": 1000.0})
  clock.now = START + 3.0
  progbar.update(3, {"loss": 1.0})
  assert capsys.readouterr().out == (
      "\r1/4 [ 25%] " + BLOCK + "    | loss: 10.000"
      "\r2/4 [ 50%] " + BLOCK * 2 + "   ETA: 2s | loss: 1000.000"
      "\r3/4 [ 75%] " + BLOCK * 3 + "  ETA: 1s | loss: 1.000   ")


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
      "\r1/4 [ 25%] " + BLOCK + "   "
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
