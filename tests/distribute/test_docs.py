"""docs/distributed.md: its commands use real flags and its example runs."""

import importlib.util
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
PAGE = os.path.join(ROOT, "docs", "distributed.md")
EXAMPLE = os.path.join(ROOT, "examples", "bigan_multiworker.py")


def blocks(language):
  with open(PAGE, encoding="utf-8") as handle:
    return re.findall(r"```{}\n(.*?)```".format(language), handle.read(), re.S)


def example_flags():
  spec = importlib.util.spec_from_file_location("bigan_multiworker", EXAMPLE)
  module = importlib.util.module_from_spec(spec)
  spec.loader.exec_module(module)
  with open(EXAMPLE, encoding="utf-8") as handle:
    flags = set(re.findall(r'add_argument\("(--\w+)"', handle.read()))
  # The flags parse (the example's own parser accepts each of them).
  module.parse_args(["--local_devices", "2", "--input", "dataset"])
  return flags


def test_every_launch_command_uses_flags_the_example_has():
  flags = example_flags()
  commands = [line for block in blocks("bash") for line in block.splitlines()
              if "examples/bigan_multiworker.py" in line]
  # Two local workers and two cluster nodes by TF_CONFIG, one Slurm step.
  assert len(commands) == 5
  assert sum("TF_CONFIG=" in command for command in commands) == 4
  srun, = [command for command in commands if "TF_CONFIG=" not in command]
  assert srun.startswith("srun python examples/bigan_multiworker.py")
  with open(PAGE, encoding="utf-8") as handle:
    # Slurm's own options (#SBATCH lines) are not the example's.
    page = re.sub(r"^#SBATCH .*$", "", handle.read(), flags=re.M)
  used = set(re.findall(r"(--\w+)", page))
  assert {"--local_devices", "--input", "--outdir", "--logdir"} <= used
  assert used <= flags


@pytest.mark.slow
def test_the_one_machine_example_trains(tmp_path):
  example, = [b for b in blocks("python") if "device_count" in b]
  script = tmp_path / "mirrored_example.py"
  script.write_text(example + "\nprint('FINAL', inference.t.eval())\n")
  result = subprocess.run([sys.executable, str(script)], capture_output=True,
                          text=True, timeout=300, cwd=str(tmp_path),
                          env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2"))
  assert result.returncode == 0, result.stderr[-3000:]
  assert "50/50 [100%]" in result.stdout
  assert result.stdout.strip().splitlines()[-1] == "FINAL 50"
