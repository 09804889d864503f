"""The pages' measured numbers stay those of the stored runs.

Two ways a page drifts from what its commands wrote: a hand edit of the
prose around a generated block (a load, a date or seeds that the block
does not state), and a number quoted in prose from a results file that
a rerun has since changed, or from no stored file at all. Blocks are
checked against their renderers elsewhere (tests/benchmarks/); here,
every rendered block of docs/benchmarks.md and docs/quality.md is also
checked against its stored file, so no table stands without one.
"""

import glob
import json
import os
import re
import string

import pytest

from tests.docs import measured_numbers
from tests.docs import prose_numbers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
PAGES = ["README.md"] + sorted(
    os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "docs",
                                                             "*.md")))


def read(page):
  with open(os.path.join(ROOT, page), encoding="utf-8") as handle:
    return handle.read()


def load(path):
  with open(os.path.join(ROOT, path)) as handle:
    return json.load(handle)


def condition_mismatches(text):
  """[(block, side, kind, stated, block's)] where prose and block differ."""
  mismatches = []
  bodies = dict(prose_numbers.blocks(text))
  for name, body in bodies.items():
    stated = prose_numbers.conditions(body)
    for side, paragraph in zip(("before", "after"),
                               prose_numbers.adjacent_paragraphs(text, name)):
      around = prose_numbers.conditions(paragraph)
      for kind, values in around.items():
        if not values <= stated[kind]:
          mismatches.append((name, side, kind, sorted(values),
                             sorted(stated[kind])))
  return mismatches


def field_spans(template, values):
  """The rendered text, and the spans the fields' values fill in it."""
  text, spans = "", []
  values = iter(values)
  for literal, field, spec, _ in string.Formatter().parse(template):
    text += literal
    if field is not None:
      value = format(next(values), spec)
      spans.append((len(text), len(text) + len(value)))
      text += value
  return text, spans


def covered_spans(page, text):
  """Spans of `text` (a page's prose) that the two lists vouch for."""
  covered = []
  for entry_page, template, source, getters in measured_numbers.MEASURED:
    if entry_page != page:
      continue
    stored = load(source)
    rendered, spans = field_spans(template, [get(stored) for get in getters])
    start = text.find(rendered)
    while start >= 0:
      covered.extend((start + a, start + b) for a, b in spans)
      start = text.find(rendered, start + 1)
  for entry_page, literal, _ in measured_numbers.NOT_MEASURED:
    if entry_page != page:
      continue
    start = text.find(literal)
    while start >= 0:
      covered.append((start, start + len(literal)))
      start = text.find(literal, start + 1)
  return covered


def unvouched_numbers(page, text):
  """The numbers with units in `text`'s prose that no entry vouches for."""
  prose = prose_numbers.prose(text)
  covered = covered_spans(page, prose)
  unvouched = []
  for start, _, number in prose_numbers.unit_numbers(prose):
    # A field fills the digits; the unit may stand in the template.
    end = start + len(re.match(r"[-+]?[\d,.]+", number).group(0))
    if not any(a <= start and end <= b for a, b in covered):
      unvouched.append(number)
  return unvouched


@pytest.mark.parametrize("page", PAGES)
def test_prose_around_a_block_states_only_the_blocks_conditions(page):
  assert condition_mismatches(read(page)) == []


def test_a_block_and_its_prose_disagreeing_on_load_fails():
  # The README's speed section before issue 26: prose from one run,
  # block from another.
  text = ("settings. The numbers below were written on a machine busy "
          "with other work (load average 7 at the start):\n\n"
          "<!-- BEGIN speed -->\nMeasured 2026-12-03 03:22 UTC, load "
          "average 0.1 before and 2.1 after; seeds 11, 12 and 13.\n"
          "<!-- END speed -->\n\nOn seeds 11-14, measured 2026-12-02.\n")
  assert condition_mismatches(text) == [
      ("speed", "before", "loads", ["7"], ["0.1"]),
      ("speed", "after", "dates", ["2026-12-02"], ["2026-12-03"]),
      ("speed", "after", "seeds", [11, 12, 13, 14], [11, 12, 13])]


@pytest.mark.parametrize("entry", measured_numbers.MEASURED,
                         ids=lambda entry: entry[1][:40])
def test_each_quoted_number_is_its_stored_files(entry):
  page, template, source, getters = entry
  rendered, _ = field_spans(template,
                            [get(load(source)) for get in getters])
  assert rendered in prose_numbers.prose(read(page)), (
      "{} no longer says what {} holds: expected {!r}".format(
          page, source, rendered))


@pytest.mark.parametrize("page", PAGES)
def test_every_number_with_a_unit_in_prose_has_a_source(page):
  assert unvouched_numbers(page, read(page)) == []


def test_a_number_that_its_file_no_longer_holds_is_caught():
  page = "docs/benchmarks.md"
  text = read(page)
  prose = prose_numbers.prose(text)
  quoted = "took **{:.2f}x** Edward's".format(
      load(measured_numbers.QUIET_0322)["targets"][0]["ratio"])
  assert quoted in prose
  stale = text.replace(quoted, "took **0.69x** Edward's")
  assert "0.69x" in unvouched_numbers(page, stale)
  # A template's literal text vouches for nothing: only its fields do.
  assert field_spans("goal 0.80x: {:.2f}x", [0.7111]) == (
      "goal 0.80x: 0.71x", [(12, 16)])


def test_not_measured_entries_hold_no_measurement_words():
  for page, literal, why in measured_numbers.NOT_MEASURED:
    assert literal in prose_numbers.prose(read(page)), (page, literal)
    assert not any(word in why for word in ("measured", "took", "run")), why


@pytest.mark.parametrize("name,body", prose_numbers.blocks(
    read("docs/benchmarks.md")), ids=lambda value: str(value)[:40])
def test_every_block_of_the_benchmarks_page_is_its_stored_file(name, body):
  from benchmarks import _pages, profile_step, speed_docs, startup  # pylint: disable=g-import-not-at-top
  if name.startswith("speed-run:"):
    stored = name.split(":", 1)[1]
    expected = speed_docs.docs_run_block(speed_docs.load(stored))
  elif name == "startup-table":
    expected = startup.docs_table(speed_docs.load("startup.json"))
  elif name == "speed-conv":
    expected = _pages.conv_block(speed_docs.load("speed.json"))
  elif name == "profile-conv":
    expected = speed_docs.conv_profile_block()
  else:
    assert name == "profile"
    expected = profile_step.docs_table(speed_docs.load("profile.json"))
  assert body == expected


def test_sizes_and_points_count_and_older_blocks_are_blocks():
  # reliability.md's RSS block keeps the older `name:begin` markers.
  text = ("Moved by 16-17 points, 4 points\nof AUROC.\n\n<!-- rss:begin -->\n"
          "changed by -2.3 MiB (-137 bytes per update)\n<!-- rss:end -->\n")
  assert [number for _, _, number in prose_numbers.unit_numbers(
      prose_numbers.prose(text))] == ["17 points", "4 points"]
  assert [number for _, _, number in prose_numbers.unit_numbers(text)][2:] == [
      "-2.3 MiB", "-137 bytes"]


def test_every_block_of_the_quality_page_is_its_stored_file(tmp_path,
                                                            monkeypatch):
  # The page as `python -m benchmarks.quality.run --render` would write it
  # from benchmarks/quality/results.json, into a copy.
  from benchmarks.quality import run  # pylint: disable=g-import-not-at-top
  page = read("docs/quality.md")
  copy = tmp_path / "quality.md"
  copy.write_text(page, encoding="utf-8")
  monkeypatch.setattr(run, "DOC", str(copy))
  run.render_doc(load("benchmarks/quality/results.json"))
  rendered = dict(prose_numbers.blocks(copy.read_text(encoding="utf-8")))
  assert set(rendered) == {name for name, _ in prose_numbers.blocks(page)}
  for name, body in prose_numbers.blocks(page):
    assert body == rendered[name], name
