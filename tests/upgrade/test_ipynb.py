"""Notebook round trips: code cells upgraded, everything else kept."""

import copy
import json

import pytest

from edward_lite.upgrade.ipynb import upgrade_notebook
from edward_lite.upgrade.upgrader import LogEntry, UpgradeError


def _notebook(cells):
  return {
      "cells": cells,
      "metadata": {"kernelspec": {"display_name": "Python 2",
                                  "language": "python", "name": "python2"}},
      "nbformat": 4,
      "nbformat_minor": 1,
  }


def _code(source, outputs=(), count=None):
  return {"cell_type": "code", "execution_count": count, "metadata": {},
          "outputs": list(outputs), "source": source}


def _markdown(source):
  return {"cell_type": "markdown", "metadata": {}, "source": source}


def _jupyter_json(notebook):
  return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


OUTPUT = {"name": "stdout", "output_type": "stream",
          "text": ["import edward as ed — untouched output\n"]}

LEGACY_CELLS = [
    _markdown(["# GANs in Edward\n", "\n", "We `import edward as ed`."]),
    _code(["%matplotlib inline\n", "import edward as ed\n",
           "import tensorflow as tf\n", "!pip install observations\n",
           "files = !ls\n"], outputs=[OUTPUT], count=1),
    _code(["%%bash\n", "echo 'import edward as ed'\n"], count=2),
    _code(["for i in range(2):\n", "    !echo {i}\n",
           "x = tf.contrib.distributions.Normal(0.0, 1.0)\n",
           "tf.placeholder?"], count=3),
    _code("sess = ed.get_session()\n"),
    _code([]),
]


def test_code_cells_rewritten_and_the_rest_kept_byte_for_byte():
  legacy = _notebook(LEGACY_CELLS)
  expected = copy.deepcopy(legacy)
  expected["cells"][1]["source"] = [
      "%matplotlib inline\n", "import edward_lite as ed\n",
      "import tensorflow.compat.v1 as tf\n",
      "import tensorflow_probability as tfp\n",
      "!pip install observations\n", "files = !ls\n"]
  expected["cells"][3]["source"] = [
      "for i in range(2):\n", "    !echo {i}\n",
      "x = tfp.distributions.Normal(0.0, 1.0)\n", "tf.placeholder?"]
  result = upgrade_notebook(_jupyter_json(legacy), "gan.ipynb")
  assert result.text == _jupyter_json(expected)


def test_log_names_cells_and_lines_within_them():
  result = upgrade_notebook(_jupyter_json(_notebook(LEGACY_CELLS)))
  assert [(entry.cell, entry.line, entry.col, entry.level)
          for entry in result.log] == [
              (2, 2, 7, "INFO"), (2, 3, 7, "INFO"), (2, 4, 0, "WARNING"),
              (4, 3, 4, "INFO"), (4, 3, 4, "INFO")]
  # The kept `!pip install observations` line is flagged where it is.
  assert result.log[2].message == (
      "'!pip install observations': " + OBSERVATIONS_INSTALL +
      "; the line is left as it is.")
  assert result.log[3].message == (
      "Added 'import tensorflow_probability as tfp' for the rewritten code "
      "on this line.")


def test_result_is_valid_nbformat_4():
  nbformat = pytest.importorskip("nbformat")
  result = upgrade_notebook(_jupyter_json(_notebook(LEGACY_CELLS)))
  notebook = nbformat.reads(result.text, as_version=4)
  nbformat.validate(notebook)
  assert notebook.cells[1].outputs[0]["text"] == "".join(OUTPUT["text"])


def test_unchanged_notebook_comes_back_identical_in_any_json_style():
  text = json.dumps(_notebook([_code(["import numpy as np\n"])]), indent=2,
                    sort_keys=True)
  assert upgrade_notebook(text).text == text


def test_changed_notebook_keeps_its_json_style():
  legacy = _notebook([_code(["import edward as ed\n"])])
  expected = _notebook([_code(["import edward_lite as ed\n"])])
  text = json.dumps(legacy, indent=2, ensure_ascii=True)
  assert upgrade_notebook(text).text == json.dumps(expected, indent=2,
                                                   ensure_ascii=True)


def test_syntax_error_names_the_cell_and_its_line():
  text = _jupyter_json(_notebook([
      _code(["import edward as ed\n"]),
      _markdown(["text"]),
      _code(["x = 1\n", "print 'old'\n"]),
  ]))
  with pytest.raises(UpgradeError) as caught:
    upgrade_notebook(text, "old.ipynb")
  assert (caught.value.cell, caught.value.line) == (3, 2)
  assert str(caught.value).startswith(
      "old.ipynb[cell 3]:2:0: cannot parse this file:")


def test_not_a_version_4_notebook_is_an_error():
  with pytest.raises(UpgradeError) as caught:
    upgrade_notebook(json.dumps({"nbformat": 3, "worksheets": []}), "v3.ipynb")
  assert str(caught.value) == (
      "v3.ipynb:1:0: cannot parse this file: not an nbformat 4 notebook")


EDWARD_INSTALL = (
    "it installs Edward 1.x, which needs TensorFlow <= 1.7 and Python <= 3.6 "
    "and does not install or import here; install edward_lite instead: pip "
    "install edward-lite (\"edward-lite[legacy]\" also brings tf_slim)")
OBSERVATIONS_INSTALL = (
    "the observations package does not install on current Python; "
    "edward_lite.datasets reads MNIST from the files you have "
    "(datasets.mnist, input_data.read_data_sets)")
TENSORFLOW_1_INSTALL = (
    "it asks for TensorFlow 1.x, which current Python cannot install; "
    "edward_lite runs TF1 code on TensorFlow 2: pip install "
    "\"tensorflow>=2.16\"")


def test_installs_that_cannot_work_are_flagged_and_kept():
  cells = [
      _code(["!pip install edward observations\n",
             "import edward as ed\n"]),
      _code(["%pip install -q 'tensorflow==1.7.0'\n",
             "!pip install tensorflow>=2.16 edward-lite\n",
             "for _ in range(1):\n",
             "    !python -m pip install --upgrade Edward==1.3.5\n"]),
  ]
  text = _jupyter_json(_notebook(cells))
  result = upgrade_notebook(text, "gan.ipynb")
  new_cells = json.loads(result.text)["cells"]
  assert new_cells[0]["source"][0] == "!pip install edward observations\n"
  assert new_cells[1]["source"] == cells[1]["source"]
  assert [entry for entry in result.log if entry.level == "WARNING"] == [
      LogEntry("WARNING", 1, 0,
               "'!pip install edward observations': " + EDWARD_INSTALL +
               "; " + OBSERVATIONS_INSTALL + "; the line is left as it is.",
               1),
      LogEntry("WARNING", 1, 0,
               "'%pip install -q 'tensorflow==1.7.0'': " +
               TENSORFLOW_1_INSTALL + "; the line is left as it is.", 2),
      LogEntry("WARNING", 4, 4,
               "'!python -m pip install --upgrade Edward==1.3.5': " +
               EDWARD_INSTALL + "; the line is left as it is.", 2),
  ]
