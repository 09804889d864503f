"""Reading a page's prose: generated blocks, stated conditions, numbers.

The pages quote measured numbers in two ways: inside blocks that a
command writes (`<!-- BEGIN name -->` ... `<!-- END name -->`), and in
the prose around them. tests/docs/test_numbers.py checks both with the
helpers here.
"""

import re

__all__ = ["BLOCK", "UNIT_NUMBER", "adjacent_paragraphs", "blocks",
           "conditions", "prose", "unit_numbers"]

BLOCK = re.compile(r"<!-- BEGIN (\S+) -->\n?(.*?)\n?<!-- END \1 -->", re.S)
# The older marker style, which benchmarks/reliability_rss.py writes.
_LOWER_BLOCK = re.compile(r"<!-- (\S+):begin -->.*?<!-- \1:end -->", re.S)
_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
# A number with a unit of time, ratio, share, size or information:
# "5.11 ms", "0.97x", "21%", "1.7 min", "598 MB", "-2.3 MiB", "16
# points" (of a percentage). "8x8" and "1x2" are
# shapes and thread settings, not ratios, and do not match; nor do
# "8s" (eights) and "15580s" (a quoted progress bar): the pages write a
# space before a unit of letters.
UNIT_NUMBER = re.compile(
    r"(?<![\w.])[-+]?\d+(?:,\d{3})*(?:\.\d+)?"
    r"(?:\s(?:ms|us|s|min|MB|GB|MiB|GiB|bytes|nats|points)\b|x(?![\w])|%)")


def blocks(text):
  """[(name, body)] of the generated blocks of a page."""
  return BLOCK.findall(text)


def prose(text):
  """The page with generated blocks and fenced code blanked out.

  Blanking keeps every other character at its offset, so that spans
  found in the prose are spans of the page.
  """
  def blank(match):
    return re.sub(r"[^\n]", " ", match.group(0))
  return _FENCE.sub(blank, _LOWER_BLOCK.sub(blank, BLOCK.sub(blank, text)))


def unit_numbers(text):
  """[(start, end, number)] of the numbers with units in `text`."""
  return [(m.start(), m.end(), m.group(0)) for m in UNIT_NUMBER.finditer(text)]


def adjacent_paragraphs(text, name):
  """The paragraph right before block `name` and the one right after."""
  match = re.search(r"<!-- BEGIN {0} -->.*?<!-- END {0} -->".format(
      re.escape(name)), text, re.S)
  before = text[:match.start()].rstrip("\n").split("\n\n")[-1]
  after = text[match.end():].lstrip("\n").split("\n\n")[0]
  # A neighbouring block is not prose; it answers for itself.
  return tuple("" if "<!-- END " in part or "<!-- BEGIN " in part else part
               for part in (before, after))


def _seed_set(spec):
  seeds = set()
  for part in re.split(r",\s*|\s+and\s+", spec):
    bounds = [int(b) for b in re.findall(r"\d+", part)]
    if len(bounds) == 2 and "-" in part:
      seeds.update(range(bounds[0], bounds[1] + 1))
    else:
      seeds.update(bounds)
  return seeds


def conditions(text):
  """The conditions a piece of text states about a measurement.

  Returns:
    dict: "loads", the load averages it gives (as written, e.g. "0.1");
    "dates", its YYYY-MM-DD dates; "seeds", the seeds it names.
  """
  loads = set(re.findall(
      r"load average\s+\**(\d+(?:\.\d+)?)", text.replace("\n", " ")))
  dates = set(re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text))
  seeds = set()
  for spec in re.findall(
      r"\bseeds?\s+\[?((?:\d+(?:-\d+)?(?:,\s*|\s+and\s+)?)+)\]?",
      text.replace("\n", " ")):
    seeds |= _seed_set(spec)
  return {"loads": loads, "dates": dates, "seeds": seeds}
