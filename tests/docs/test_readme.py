"""The README's commands and example are what they claim to be."""

import os
import re
import subprocess
import sys

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


def test_readme_bigan_example_is_15_lines_and_trains(tmp_path):
  example = fenced_blocks(read("README.md"), "python")[0]
  assert len(example.strip().splitlines()) <= 16  # 15 lines + 1 blank
  script = tmp_path / "readme_example.py"
  script.write_text(example + "\nprint('FINAL', inference.t.eval())\n")
  result = subprocess.run([sys.executable, str(script)], capture_output=True,
                          text=True, timeout=600, cwd=str(tmp_path))
  assert result.returncode == 0, result.stderr[-3000:]
  assert "500/500 [100%]" in result.stdout
  assert "Gen Loss" in result.stdout and "Disc Loss" in result.stdout
  assert result.stdout.strip().splitlines()[-1] == "FINAL 500"


def test_differences_page_is_linked_and_exists():
  assert "(docs/differences.md)" in read("README.md")
  page = read("docs/differences.md")
  assert page.startswith("# Differences from Edward")
