"""Counts the fuzz cases each property tried and prints them at the end.

The issue asks for the number of cases to show in the test output; the
counts are printed in pytest's terminal summary, one line per property,
by kind of bad input.
"""

import collections

import pytest

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
