"""Runs several Python subprocesses at once, for the slow CLI tests.

A child that imports TensorFlow takes seconds (the upgrade tool's do
not), so the tests start all their children together and then check
results.
"""

import collections
import os
import subprocess
import sys

__all__ = ["ROOT", "Finished", "run_all"]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

Finished = collections.namedtuple("Finished",
                                  ["returncode", "stdout", "stderr"])


def run_all(commands, timeout=180, at_once=None):
  """Runs `{name: (cwd, [args after python])}` together; returns results.

  Args:
    commands: for each name, the working directory and the arguments
      given to this interpreter (`sys.executable`).
    timeout: seconds to wait for each child.
    at_once: int or None. How many children may run at the same time;
      None starts them all. Many children that each import TensorFlow
      would otherwise crowd a small machine until they time out.

  Returns:
    `{name: Finished}` with stdout and stderr decoded as UTF-8.
  """
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
  env["PYTHONPATH"] = os.pathsep.join(
      [ROOT] + [path for path in [env.get("PYTHONPATH")] if path])
  names = list(commands)
  step = at_once or len(names) or 1
  results = {}
  for start in range(0, len(names), step):
    children = {}
    for name in names[start:start + step]:
      cwd, args = commands[name]
      children[name] = subprocess.Popen(
          [sys.executable] + list(args), cwd=str(cwd), env=env,
          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for name, child in children.items():
      stdout, stderr = child.communicate(timeout=timeout)
      results[name] = Finished(child.returncode, stdout.decode("utf-8"),
                               stderr.decode("utf-8"))
  return results
