"""What every Inference does around `initialize`, whatever its algorithm.

- `guard.py`: the decorator on every `initialize`: a call that raises
  takes back what it built, and the outermost call ends by choosing the
  session's threads.
- `atomic.py`: the graph snapshot that a refused `initialize` is put
  back to.
- `checks.py`: the checks of the arguments every Inference takes,
  beyond Edward's own (`util.random_variables`).
- `data_binding.py`: Python and NumPy values in `data` become graph
  variables, datasets `DatasetInput`s.
- `optimizers.py`: Edward's `optimizer` argument as an optimizer, and
  the gate that makes a step read the variables as they were before it.
- `numeric_checks.py`: the checks that `debug=True` runs at each step.
- `progress.py`: the event file's directory, the variables' summaries,
  and the progress bar's handling of a loss that turns NaN or Inf.
"""
