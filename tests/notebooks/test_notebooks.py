"""The tutorial notebooks run, and compute what they say they compute.

Each notebook runs in a Jupyter kernel of this Python with a small
N_ITER (see runner.py); the test then checks the values its last cell
printed against bounds worked out from the problem. The committed
notebooks are also checked as files: they hold the outputs of a full run
at the N_ITER of their parameter cell.
"""

import ast
import json
import os

import nbformat
import numpy as np
import pytest

from tests import test_util
from tests.notebooks import runner

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
NAMES = ["bigan", "gan", "migrating", "wgan"]
DATA_MEAN, DATA_STD = 4.0, 0.5  # normal_1d's defaults, the 1-D GANs' data


def path_of(name):
  return os.path.join(NOTEBOOKS, name + ".ipynb")


def parameters_of(notebook):
  """The names and values that the cell tagged "parameters" assigns."""
  cell, = [c for c in notebook.cells
           if "parameters" in c.metadata.get("tags", [])]
  values = {}
  for node in ast.parse(cell.source).body:
    values[node.targets[0].id] = ast.literal_eval(node.value)
  return values


def test_the_notebooks_are_those_named_here():
  assert sorted(name[:-len(".ipynb")] for name in os.listdir(NOTEBOOKS)
                if name.endswith(".ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_holds_a_full_run(name):
  notebook = nbformat.read(path_of(name), as_version=4)
  nbformat.validate(notebook)
  parameters = parameters_of(notebook)
  assert sorted(parameters) == ["N_ITER", "SEED"]
  code = [cell for cell in notebook.cells if cell.cell_type == "code"]
  # Run top to bottom, once, without errors.
  assert [cell.execution_count for cell in code] == list(
      range(1, len(code) + 1))
  for cell in code:
    assert all(output.output_type != "error" for output in cell.outputs)
  # The stored results are those of the parameter cell's N_ITER.
  assert runner.results_of(notebook)["n_iter"] == parameters["N_ITER"]


def imports_of(notebook):
  """(module, local name) of every `import` statement, in order.

  Cells run by a cell magic (migrating.ipynb's %%writefile of a legacy
  script) hold another file's text, not the notebook's code.
  """
  found = []
  for cell in notebook.cells:
    if cell.cell_type != "code" or cell.source.startswith("%%"):
      continue
    for node in ast.walk(ast.parse(cell.source)):
      if isinstance(node, ast.Import):
        found.extend((alias.name, alias.asname) for alias in node.names)
  return found


@pytest.mark.parametrize("name", NAMES)
def test_imports_follow_the_house_style(name):
  imports = imports_of(nbformat.read(path_of(name), as_version=4))
  assert ("edward_lite", "ed") in imports
  assert ("tensorflow", "tf") not in imports
  if ("tensorflow.compat.v1", "tf") in imports:
    assert (imports.index(("edward_lite", "ed")) <
            imports.index(("tensorflow.compat.v1", "tf")))


def test_gan_notebook():
  _, results = runner.execute(path_of("gan"), {"N_ITER": 300})
  assert results["n_iter"] == 300
  one_d = results["gan_1d"]
  # Untrained, the generator sits near 0 (small weights on Uniform(-1, 1)
  # noise); 300 Adam steps at 1e-3 must bring its mean most of the way to
  # the data's mean of 4.
  assert abs(one_d["mean_before"]) < 1.0
  assert abs(one_d["mean_after"] - DATA_MEAN) < 1.0
  digits = results["digits"]
  # Grey squares (every pixel near 0.5) are far from every digit: a
  # briefly trained generator is much closer, and real digits are closer
  # still to their nearest neighbours.
  assert digits["distance_trained"] < 0.75 * digits["distance_untrained"]
  assert 0.0 < digits["distance_real"] < digits["distance_untrained"]
  assert 1 <= digits["classes_drawn"] <= 10


@pytest.mark.slow
def test_bigan_notebook():
  _, results = runner.execute(path_of("bigan"), {"N_ITER": 400})
  assert results["n_iter"] == 400
  errors = results["reconstruction_error"]
  assert errors["trained"] < errors["untrained"]
  probe = results["probe_accuracy"]
  # Ten classes: any linear probe beats chance (0.1) on these features,
  # and the 64 raw pixels give a held-out accuracy above 0.9.
  assert probe["pixels"] > 0.9
  assert 0.1 < probe["untrained"] <= 1.0 and 0.1 < probe["trained"] <= 1.0
  assert 0.0 <= results["reconstruction_same_digit"] <= 1.0


@pytest.mark.slow
def test_wgan_notebook():
  _, results = runner.execute(path_of("wgan"), {"N_ITER": 100})
  assert results["n_iter"] == 100
  penalty, clip = results["penalty"], results["clip"]
  # Both runs start from the same seed, hence the same generator.
  assert penalty["w1_start"] == clip["w1_start"]
  assert penalty["w1_end"] < penalty["w1_start"]
  assert 0.0 < results["w1_floor"] < penalty["w1_end"]
  # A critic whose weights lie in [-c, c] is Lipschitz with constant at
  # most the product of its layers' Frobenius norms, c * sqrt(fan_in *
  # fan_out) each (ReLU is 1-Lipschitz): layers 2-64-64-64-1, c = 0.01.
  c = 0.01
  bound = (c * np.sqrt(2 * 64)) * (c * 64) ** 2 * (c * np.sqrt(64))
  assert clip["gradient_norm_max"] <= bound
  # The penalty pulls the critic's gradient norm towards 1.
  assert abs(penalty["gradient_norm_mean"] - 1.0) < 0.5


@pytest.mark.slow
def test_migrating_notebook():
  _, results = runner.execute(path_of("migrating"), {"N_ITER": 300})
  assert results["n_iter"] == 300
  assert results["legacy_returncode"] == 1
  assert results["legacy_error"] == (
      "ModuleNotFoundError: No module named 'edward'")
  assert results["upgrade_returncode"] == 0
  # Three imports, tf.contrib.slim, and the tf_slim import it needs.
  assert results["changes"] == 5
  assert results["upgraded_returncode"] == 0
  # The untrained generator sits near 0; 300 Adam steps at 1e-3 bring it
  # most of the way to the data's mean of 4.
  assert abs(results["untrained"]["mean"]) < 1.0
  assert abs(results["trained"]["mean"] - DATA_MEAN) < 1.0
  # ed.KLqp, observations.cifar10 and tf.contrib.rnn are reported.
  assert results["warning_lines"] == [3, 5, 6]


def test_runner_coalesces_progress_lines():
  notebook = nbformat.v4.new_notebook()
  cell = nbformat.v4.new_code_cell("")
  cell.outputs = [
      nbformat.v4.new_output("stream", name="stdout", text="\r 1/2 [ 50%]"),
      nbformat.v4.new_output("stream", name="stdout", text="\r 2/2 [100%]\n"),
      nbformat.v4.new_output("stream", name="stderr", text="warn\n"),
      nbformat.v4.new_output("stream", name="stdout", text="done\r\n"),
  ]
  last = nbformat.v4.new_code_cell("")
  last.outputs = [nbformat.v4.new_output(
      "stream", name="stdout", text=json.dumps({"a": 1}) + "\n")]
  notebook.cells = [cell, last]
  runner.coalesce_streams(notebook)
  assert [(o.name, o.text) for o in cell.outputs] == [
      ("stdout", " 2/2 [100%]\n"), ("stderr", "warn\n"),
      ("stdout", "done\n")]
  assert runner.results_of(notebook) == {"a": 1}


def test_a_tutorials_first_cells_start_quiet(tmp_path):
  # As a user's Jupyter runs it: C++ output shown in the cells, and no
  # TF_CPP_MIN_LOG_LEVEL (the test process sets one).
  tutorial = nbformat.read(path_of("gan"), as_version=4)
  imports = [cell for cell in tutorial.cells if cell.cell_type == "code"][0]
  notebook = nbformat.v4.new_notebook()
  notebook.cells = [
      nbformat.v4.new_code_cell(imports.source),
      # The first session is where TensorFlow reports a failed cuInit.
      nbformat.v4.new_code_cell(
          "x = tf.placeholder(tf.float32, [2, 3])\n"
          "y = tf.layers.dense(x, 1)\n"
          "with tf.Session() as sess:\n"
          "  sess.run(tf.global_variables_initializer())\n"
          "  shape = sess.run(y, {x: np.zeros((2, 3))}).shape"),
      nbformat.v4.new_code_cell("print(json.dumps({'shape': shape}))"),
  ]
  path = tmp_path / "first_cells.ipynb"
  nbformat.write(notebook, str(path))
  executed, results = runner.execute(
      str(path), workdir=NOTEBOOKS, capture_fd_output=True,
      env=test_util.user_environment())
  assert results == {"shape": [2, 1]}
  stderr = [output.text for cell in executed.cells
            for output in cell.outputs if output.get("name") == "stderr"]
  assert stderr == []
