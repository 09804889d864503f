"""The README's commands and example are what they claim to be."""

import json
import os
import re

import pytest

from benchmarks import readme_snippets

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def read(path):
  with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
    return handle.read()


def fenced_blocks(text, language):
  return re.findall(r"```{}\n(.*?)```".format(language), text, re.S)


def test_ci_runs_exactly_the_readme_test_command():
  commands = fenced_blocks(read("README.md"), "bash")
  test_command = [c.strip() for c in commands if "pytest" in c]
  assert len(test_command) == 1
  ci_lines = read(".ci/run").splitlines()
  assert test_command[0] in ci_lines


def test_readme_demo_command_runs_the_bigan_example():
  commands = fenced_blocks(read("README.md"), "bash")
  demo = [c.strip() for c in commands if "examples/" in c]
  assert len(demo) == 1
  script = re.search(r"(examples/\S+\.py)", demo[0]).group(1)
  assert os.path.isfile(os.path.join(ROOT, script))


def test_readme_bigan_example_is_15_lines():
  example = fenced_blocks(read("README.md"), "python")[0]
  assert len(example.strip().splitlines()) <= 16  # 15 lines + 1 blank


# What an untrained or collapsed BiGAN gives, measured on these snippets:
# Edward's objective with the string "adam" (a fixed rate of 0.01) drew
# samples 0.13-0.25 as far apart as digits are, and reconstructed worse
# than the mean image (ratio 0.86-1.4); untrained codes probe at 71-84%.
_LEARNED = {"probe_gain": 0.05, "spread": 0.5, "reconstruction_ratio": 0.5}


def _check_learned(numbers):
  assert numbers["t"] == 1000
  assert numbers["last_progress"].startswith("1000/1000 [100%]")
  assert numbers["probe"] - numbers["probe_untrained"] >= _LEARNED["probe_gain"]
  assert numbers["spread"] >= _LEARNED["spread"]
  assert numbers["reconstruction_ratio"] <= _LEARNED["reconstruction_ratio"]


def test_readme_bigan_example_learns():
  _check_learned(readme_snippets.measure("15 lines", seed=21))


@pytest.mark.slow
def test_readme_tf_data_and_threads_snippet_learns():
  _check_learned(readme_snippets.measure("tf.data and threads", seed=22))


def test_readme_snippet_table_is_the_benchmarks():
  with open(readme_snippets.RESULTS) as handle:
    written = json.load(handle)
  assert readme_snippets.table(written["results"]) in read("README.md")
  assert set(written["results"]) == set(readme_snippets.variants())
  assert all(len(runs) >= 5 for runs in written["results"].values())


def test_differences_page_is_linked_and_exists():
  assert "(docs/differences.md)" in read("README.md")
  page = read("docs/differences.md")
  assert page.startswith("# Differences from Edward")
