"""Do the README's BiGAN snippets learn? Several seeds, numbers written.

The README's "A BiGAN in 15 lines" and its "tf.data and threads" variant are
code a newcomer copies as a template. This module runs each of them,
as the README prints it, in a fresh Python process per seed (the seed
set by `ed.set_seed` on a line put before the snippet), then measures
what the trained networks learned:

- probe gain: the 5-fold linear-probe accuracy on the codes E(x) of
  1700 digits minus that of the same encoder at fresh initial weights
  (`criticisms.linear_probe_accuracy`), in points;
- sample spread: the mean distance between two of 200 samples G(z),
  over the mean distance between two of 200 digits; a generator that
  draws one image for every z scores about 0;
- reconstruction ratio: the mean squared error of G(E(x)) over that of
  the mean image, which any encoder-decoder can match without learning
  (ratio 1).

"Edward's objective" is the 15-line snippet without
`reconstruction_weight`, for comparison. Run

    python -m benchmarks.readme_snippets

to write `benchmarks/results/readme_snippets.json` and the table
between the README's `readme-snippets` markers.
"""

import argparse
import json
import os
import re
import subprocess
import sys

import numpy as np

from benchmarks import _readme

__all__ = ["SEEDS", "measure", "readme_snippet", "run", "variants"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "benchmarks", "results", "readme_snippets.json")
SEEDS = (11, 12, 13, 14, 15)

# Appended to a snippet: what its trained networks learned, as one JSON line.
# The placeholders have a fixed batch of 100, so rows go through in 100s.
_MEASURE = '''
import json as _json
from edward_lite import criticisms as _criticisms
from edward_lite.datasets import digits as _digits
_x, _y = _digits()
_x, _y = _x[:1700], _y[:1700]
_sess = ed.get_session()
def _through(out, ph, rows):
  return np.concatenate([_sess.run(out, {ph: rows[i:i + 100]})
                         for i in range(0, len(rows), 100)])
def _spread(rows):
  d = np.sqrt(((rows[:, None] - rows[None]) ** 2).sum(-1))
  return d[np.triu_indices(len(rows), 1)].mean()
_codes = _through(zf, x_ph, _x)
_rec = _through(xf, z_ph, _codes)
_samples = _through(xf, z_ph, np.random.randn(200, 10))
_result = {
    "probe": _criticisms.linear_probe_accuracy(_codes, _y),
    "spread": float(_spread(_samples) / _spread(_x[:200])),
    "reconstruction_ratio": float(((_rec - _x) ** 2).mean() /
                                  ((_x - _x.mean(0)) ** 2).mean()),
    "t": int(_sess.run(inference.t)),
}
tf.global_variables_initializer().run()
_result["probe_untrained"] = _criticisms.linear_probe_accuracy(
    _through(zf, x_ph, _x), _y)
print("MEASURED " + _json.dumps(_result))
'''


def _fenced_python(text):
  return re.findall(r"```python\n(.*?)```", text, re.S)


def readme_snippet(name, readme_text=None):
  """The source of one README snippet, ready to run on its own.

  Args:
    name: str. "15 lines" (the README's first Python block), "tf.data and
      threads" (the block that replaces its last five lines, put in their
      place),
      or "Edward's objective" (the first block without
      `reconstruction_weight`).
    readme_text: str or None. The README's text; None reads README.md.

  Returns:
    str. A Python script.

  Raises:
    ValueError: `name` is unknown.
  """
  if readme_text is None:
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
      readme_text = handle.read()
  blocks = _fenced_python(readme_text)
  first = blocks[0]
  if name == "15 lines":
    return first
  if name == "Edward's objective":
    return first.replace(", reconstruction_weight=64.0", "")
  if name == "tf.data and threads":
    fast = [b for b in blocks if "dataset_from_arrays(digits()[0]" in b][0]
    lines = first.rstrip("\n").split("\n")
    start = [i for i, line in enumerate(lines)
             if line.startswith("inference = ")][0]
    return "\n".join(lines[:start]) + "\n" + fast
  raise ValueError("name must be '15 lines', 'tf.data and threads' or "
                   "\"Edward's objective\"; got {!r}.".format(name))


def variants():
  return ("15 lines", "tf.data and threads", "Edward's objective")


def measure(name, seed, timeout=900):
  """Runs one snippet with `seed` in a fresh process; returns its numbers.

  Args:
    name: str. A name of `variants()`.
    seed: int. Given to `ed.set_seed` before the snippet runs.
    timeout: float. Seconds before the run counts as failed.

  Returns:
    dict with "probe", "probe_untrained", "spread",
    "reconstruction_ratio" and "t" (the iterations taken), and the last
    line the snippet printed as "last_progress".

  Raises:
    RuntimeError: the script failed or printed no measurement.
  """
  script = ("import edward_lite as ed\ned.set_seed({})\n".format(seed) +
            readme_snippet(name) + _MEASURE)
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
  result = subprocess.run([sys.executable, "-c", script], capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=ROOT)
  found = [line for line in result.stdout.splitlines()
           if line.startswith("MEASURED ")]
  if result.returncode != 0 or not found:
    raise RuntimeError("{} (seed {}) failed:\n{}".format(
        name, seed, result.stderr[-3000:]))
  numbers = json.loads(found[0][len("MEASURED "):])
  progress = [line for line in result.stdout.replace("\r", "\n").splitlines()
              if "Gen Loss" in line]
  numbers["last_progress"] = progress[-1].strip() if progress else ""
  return numbers


def _cell(values, fmt):
  values = np.asarray(values, dtype=np.float64)
  return "{} ({}-{})".format(fmt.format(np.median(values)),
                             fmt.format(values.min()), fmt.format(values.max()))


def table(results):
  """A markdown table: per snippet, the median and range over seeds."""
  lines = ["| snippet | probe gain (points) | sample spread | "
           "reconstruction error / mean image's |",
           "|---|---|---|---|"]
  for name, runs in results.items():
    gains = [100.0 * (r["probe"] - r["probe_untrained"]) for r in runs]
    lines.append("| {} | {} | {} | {} |".format(
        name, _cell(gains, "{:+.1f}"),
        _cell([r["spread"] for r in runs], "{:.2f}"),
        _cell([r["reconstruction_ratio"] for r in runs], "{:.2f}")))
  return "\n".join(lines)


def run(seeds=SEEDS, names=None):
  """Measures every snippet on every seed; writes the JSON and README."""
  results = {}
  for name in names or variants():
    results[name] = []
    for seed in seeds:
      numbers = measure(name, seed)
      numbers["seed"] = seed
      print(name, json.dumps(numbers), flush=True)
      results[name].append(numbers)
  with open(RESULTS, "w") as handle:
    json.dump({"seeds": list(seeds), "results": results}, handle, indent=1)
  command = ("Median (range) over seeds {} from `python -m "
             "benchmarks.readme_snippets`.".format(", ".join(map(str, seeds))))
  _readme.write_block("readme-snippets", table(results) + "\n\n" + command)
  return results


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
  args = parser.parse_args(argv)
  run(tuple(args.seeds))


if __name__ == "__main__":
  main()
