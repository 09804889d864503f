"""Notebook round trips: code cells upgraded, everything else kept."""

import copy
import json

import pytest

from edward_lite.upgrade.ipynb import upgrade_notebook
from edward_lite.upgrade.upgrader import UpgradeError


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
              (2, 2, 7, "INFO"), (2, 3, 7, "INFO"), (4, 3, 4, "INFO"),
              (4, 3, 4, "INFO")]
  assert result.log[2].message == (
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
