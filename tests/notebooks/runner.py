"""Runs a tutorial notebook in a Jupyter kernel and reads back its results.

Every notebook in notebooks/ has a code cell tagged "parameters" (N_ITER,
SEED) and ends with a cell that prints one JSON object, the values it
computed. `execute` puts a cell of overrides right after the parameters
cell (as papermill does), runs the notebook in a kernel of THIS Python
(whatever kernelspecs the machine has), and returns the executed
notebook and that JSON object.

From the command line it refreshes the stored outputs of a full run:

    python -m tests.notebooks.runner notebooks/bigan.ipynb
"""

import argparse
import json
import os
import sys
import tempfile

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

__all__ = ["KERNEL_NAME", "coalesce_streams", "execute", "results_of"]

KERNEL_NAME = "edward-lite-notebooks"
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"


def _kernel_manager(kernel_dir, capture_fd_output=False):
  """A kernel manager that starts `sys.executable -m ipykernel_launcher`.

  Args:
    kernel_dir: str. Where to write the kernel spec.
    capture_fd_output: bool. Show what is written to the kernel's file
      descriptors 1 and 2 (C++ output) in the cells, as Jupyter does by
      default.
  """
  spec_dir = os.path.join(kernel_dir, KERNEL_NAME)
  os.makedirs(spec_dir, exist_ok=True)
  # The test process sets TF_CPP_MIN_LOG_LEVEL, which turns edward_lite's
  # quiet start off: TensorFlow's C++ start-up lines stay on the kernel's
  # stderr instead of filling the cells' outputs, unless asked for.
  fd_option = [] if capture_fd_output else [
      "--IPKernelApp.capture_fd_output=False"]
  spec = {
      "argv": [sys.executable, "-m", "ipykernel_launcher"] + fd_option +
              ["-f", "{connection_file}"],
      "display_name": "edward_lite (this Python)",
      "language": "python",
  }
  with open(os.path.join(spec_dir, "kernel.json"), "w") as handle:
    json.dump(spec, handle)
  spec_manager = KernelSpecManager(kernel_dirs=[kernel_dir],
                                   ensure_native_kernel=False)
  return KernelManager(kernel_name=KERNEL_NAME,
                       kernel_spec_manager=spec_manager)


def _inject(notebook, parameters):
  """Inserts `NAME = value` lines after the cell tagged "parameters"."""
  for index, cell in enumerate(notebook.cells):
    if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
      break
  else:
    raise ValueError("the notebook has no cell tagged 'parameters'")
  source = "\n".join("{} = {!r}".format(name, value)
                     for name, value in sorted(parameters.items()))
  cell = nbformat.v4.new_code_cell(source)
  cell.metadata["tags"] = [INJECTED_TAG]
  notebook.cells.insert(index + 1, cell)


def coalesce_streams(notebook):
  """Stores each cell's stream output as a terminal would show it.

  The progress bar rewrites its line with carriage returns, one output
  per print; Jupyter shows only the last version of the line, and so
  will the stored notebook (on GitHub and in the docs alike).
  """
  for cell in notebook.cells:
    if cell.cell_type != "code":
      continue
    merged = []
    for output in cell.outputs:
      if (merged and output.output_type == "stream" and
          merged[-1].output_type == "stream" and
          merged[-1].name == output.name):
        merged[-1].text += output.text
      else:
        merged.append(output)
    for output in merged:
      if output.output_type == "stream":
        output.text = "\n".join(line.rstrip("\r").rsplit("\r", 1)[-1]
                                for line in output.text.split("\n"))
    cell.outputs = merged


def results_of(notebook):
  """The JSON object the last code cell printed."""
  last = [cell for cell in notebook.cells if cell.cell_type == "code"][-1]
  text = "".join(output.get("text", "") for output in last.outputs
                 if output.get("output_type") == "stream" and
                 output.get("name") == "stdout")
  return json.loads(text)


def execute(path, parameters=None, timeout=600, workdir=None,
            record_timing=True, capture_fd_output=False, env=None):
  """Runs the notebook at `path`; returns (executed notebook, results).

  Args:
    path: the .ipynb file. It is read, never written.
    parameters: dict of name to value, assigned after the parameters
      cell; None runs the notebook as it is.
    timeout: seconds allowed for each cell.
    workdir: the kernel's working directory; default the notebook's.
    record_timing: store each cell's execution times in its metadata.
    capture_fd_output: bool. See `_kernel_manager`.
    env: dict. The kernel's environment; default this process's.

  Returns:
    (nbformat.NotebookNode, dict).
  """
  notebook = nbformat.read(path, as_version=4)
  if parameters:
    _inject(notebook, parameters)
  workdir = workdir or os.path.dirname(os.path.abspath(path))
  with tempfile.TemporaryDirectory() as kernel_dir:
    client = NotebookClient(
        notebook, km=_kernel_manager(kernel_dir, capture_fd_output),
        timeout=timeout, record_timing=record_timing,
        resources={"metadata": {"path": workdir}})
    client.execute(**({} if env is None else {"env": env}))
  return notebook, results_of(notebook)


def main(argv=None):
  parser = argparse.ArgumentParser(
      description="Run notebooks fully and store their outputs in place.")
  parser.add_argument("notebooks", nargs="+")
  args = parser.parse_args(argv)
  for path in args.notebooks:
    notebook, results = execute(path, timeout=1800, record_timing=False)
    coalesce_streams(notebook)
    # The stored notebook names the usual kernel, not this temporary one.
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    print(path, json.dumps(results, sort_keys=True))


if __name__ == "__main__":
  main()
