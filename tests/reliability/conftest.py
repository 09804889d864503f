"""Fixtures of the reliability tests.

`fuzz_count` counts the fuzz cases each property tried; the issue asks
for the number of cases to show in the test output, so the counts are
printed in pytest's terminal summary, one line per property, by kind of
bad input.

`reproducible_runs` trains in two new processes, one after the other,
once per test session, for the checkpoint and determinism tests.
"""

import collections

import pytest

from tests.reliability._jobs import run_jobs

FUZZ_COUNTS = collections.defaultdict(collections.Counter)


@pytest.fixture
def fuzz_count(request):
  """Returns a function that records one case, by kind, for this test.

  A test records a case only once it passed all its assertions.
  """
  counter = FUZZ_COUNTS[request.node.nodeid.split("::", 1)[-1]]

  def record(kind):
    counter[kind] += 1
  return record


def pytest_terminal_summary(terminalreporter):
  if not FUZZ_COUNTS:
    return
  terminalreporter.section("fuzzed cases")
  total = 0
  for name in sorted(FUZZ_COUNTS):
    counts = FUZZ_COUNTS[name]
    cases = sum(counts.values())
    total += cases
    detail = ", ".join("{} {}".format(n, kind)
                       for kind, n in sorted(counts.items()))
    terminalreporter.write_line("{}: {} cases ({})".format(name, cases,
                                                          detail))
  terminalreporter.write_line("total: {} cases".format(total))


# What the two processes run: the checkpoint tests' N and the seeds of
# the determinism tests.
CHECKPOINT_STEPS = 6
SEED = 11
STYLES = ("tf.layers", "tf_slim", "tf_keras")
NOISES = ("fed", "graph")


@pytest.fixture(scope="session")
def reproducible_runs(tmp_path_factory):
  """Results of the jobs of two processes, by name.

  The first process trains 2N steps, and N steps then saves, for each way
  of drawing the prior's noise; rewinds a run by restoring; and trains
  every network style with one seed (twice) and another seed. The second
  process, started once the first has saved, trains every style with
  the first seed and resumes each saved run for N steps.

  Returns:
    dict of str to dict: {"first": {job name: result}, "second": {...}}.
  """
  directory = tmp_path_factory.mktemp("checkpoints")
  n = CHECKPOINT_STEPS
  first, second = [], []
  for noise in NOISES:
    path = str(directory / noise / "model.ckpt")
    first.append(("full " + noise, {"kind": "checkpoint", "mode": "train",
                                    "path": "-", "steps": 2 * n,
                                    "noise": noise}))
    first.append(("half " + noise, {"kind": "checkpoint", "mode": "train",
                                    "path": path, "steps": n,
                                    "noise": noise}))
    second.append(("resume " + noise, {"kind": "checkpoint",
                                       "mode": "resume", "path": path,
                                       "steps": n, "noise": noise}))
  first.append(("rewind", {"kind": "rewind",
                           "path": str(directory / "rewind" / "model.ckpt")}))
  for style in STYLES:
    for name, seed in (("", SEED), (" again", SEED), (" other seed",
                                                       SEED + 1)):
      first.append((style + name, {"kind": "determinism", "style": style,
                                   "seed": seed}))
    second.append((style, {"kind": "determinism", "style": style,
                           "seed": SEED}))
  results = {}
  for process, jobs in (("first", first), ("second", second)):
    outputs = run_jobs([job for _, job in jobs])
    results[process] = {name: output
                        for (name, _), output in zip(jobs, outputs)}
  return results
