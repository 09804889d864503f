"""edward_lite._startup: the upgrade tool is imported without TensorFlow.

Each case runs in a new Python process, since an import of TensorFlow,
once made, cannot be undone (the test suite's own process imported
edward_lite in full, in tests/conftest.py). The processes run together.
"""

import textwrap

import pytest

from tests.upgrade._subprocess import run_all

LEGACY = ("import edward as ed\nimport tensorflow as tf\n"
          "slim = tf.contrib.slim\n")
UPGRADED = ("import edward_lite as ed\nimport tensorflow.compat.v1 as tf\n"
            "import tf_slim\nslim = tf_slim\n")

# Prints, as its last line, whether TensorFlow is loaded.
_REPORT_TENSORFLOW = "print('tensorflow' in sys.modules)\n"

# Ways of starting the upgrader; each converts old.py to new.py.
UPGRADER_RUNS = {
    "import-then-main": """
        import sys
        import edward_lite.upgrade
        assert 'tensorflow' not in sys.modules
        from edward_lite.upgrade.__main__ import main
        assert main(['--infile', 'old.py', '--outfile', 'new.py']) == 0
        """,
    "console-script": """
        import sys
        from edward_lite.upgrade.__main__ import main  # what the script runs
        assert main(['--infile', 'old.py', '--outfile', 'new.py']) == 0
        """,
    "python-m": """
        import runpy, sys
        sys.argv = ['edward-lite-upgrade', '--infile', 'old.py', '--outfile',
                    'new.py']
        try:
          runpy.run_module('edward_lite.upgrade', run_name='__main__',
                           alter_sys=True)
        except SystemExit as exit:
          assert exit.code == 0
        """,
    "import_module": """
        import importlib, sys
        upgrade = importlib.import_module('edward_lite.upgrade')
        with open('old.py') as handle:
          text = upgrade.upgrade_source(handle.read()).text
        with open('new.py', 'w') as handle:
          handle.write(text)
        """,
}

HELP = """
    import runpy, sys
    sys.argv = ['edward-lite-upgrade', '--help']
    try:
      runpy.run_module('edward_lite.upgrade', run_name='__main__',
                       alter_sys=True)
    except SystemExit as exit:
      assert exit.code == 0
    """

# Imports that must load TensorFlow, in graph mode, as they always did.
FULL_IMPORTS = {
    "import-edward_lite": "import sys\nimport edward_lite\n",
    "another-subpackage": "import sys\nimport edward_lite.models\n",
    "from-package-import-upgrade":
        "import sys\nfrom edward_lite import upgrade\n",
}
_GRAPH_MODE = """
    import tensorflow as tf
    print(tf.executing_eagerly())
    """

AFTER_THE_UPGRADER = """
    import sys
    import edward_lite.upgrade
    import edward_lite as ed
    print('tensorflow' in sys.modules)
    from edward_lite.inferences import BiGANInference
    print(ed.BiGANInference is BiGANInference)
    import tensorflow as tf
    print(tf.executing_eagerly())
    print(sorted(set(ed.__all__) - set(vars(ed))))
    try:
      ed.KLqp
    except AttributeError as error:
      print(error)
    """

# Upgraded code run in the process that ran the upgrader (a notebook):
# TensorFlow imported by the user, then edward_lite, then TF1 graph code
# before any `ed.` name.
TENSORFLOW_AFTER_THE_UPGRADER = """
    import sys
    import edward_lite.upgrade
    import tensorflow as tf
    import edward_lite as ed
    print(tf.executing_eagerly())
    x_ph = tf.compat.v1.placeholder(tf.float32, [2])
    print(sorted(set(ed.__all__) - set(vars(ed))))
    """


def _code(*pieces):
  """The pieces of code, each dedented on its own, as `-c` arguments."""
  return ["-c", "\n".join(textwrap.dedent(piece) for piece in pieces)]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
  base = tmp_path_factory.mktemp("startup")
  commands = {}
  for name, code in UPGRADER_RUNS.items():
    (base / name).mkdir()
    (base / name / "old.py").write_text(LEGACY)
    commands[name] = (base / name, _code(code, _REPORT_TENSORFLOW))
  commands["help"] = (base, _code(HELP, _REPORT_TENSORFLOW))
  for name, code in FULL_IMPORTS.items():
    commands[name] = (base, _code(code, _GRAPH_MODE, _REPORT_TENSORFLOW))
  commands["after-the-upgrader"] = (base, _code(AFTER_THE_UPGRADER))
  commands["tensorflow-after-the-upgrader"] = (
      base, _code(TENSORFLOW_AFTER_THE_UPGRADER))
  return base, run_all(commands)


def _stdout_lines(result):
  assert result.returncode == 0, result.stderr[-3000:]
  return result.stdout.splitlines()


@pytest.mark.parametrize("name", sorted(UPGRADER_RUNS))
def test_the_upgrader_never_imports_tensorflow(runs, name):
  base, results = runs
  assert _stdout_lines(results[name])[-1] == "False"
  assert (base / name / "new.py").read_text() == UPGRADED


def test_python_m_help_does_not_import_tensorflow(runs):
  lines = _stdout_lines(runs[1]["help"])
  assert lines[0].startswith("usage: edward-lite-upgrade")
  assert lines[-1] == "False"


@pytest.mark.parametrize("name", sorted(FULL_IMPORTS))
def test_every_other_import_loads_tensorflow_in_graph_mode(runs, name):
  assert _stdout_lines(runs[1][name])[-2:] == ["False", "True"]


def test_after_the_upgrader_a_public_name_loads_the_api(runs):
  assert _stdout_lines(runs[1]["after-the-upgrader"])[-5:] == [
      "False", "True", "False", "[]",
      "module 'edward_lite' has no attribute 'KLqp'"]


def test_tensorflow_imported_after_the_upgrader_is_in_graph_mode(runs):
  # Before the fix: True, and tf.placeholder raised in eager mode.
  assert _stdout_lines(runs[1]["tensorflow-after-the-upgrader"])[-2:] == [
      "False", "[]"]
