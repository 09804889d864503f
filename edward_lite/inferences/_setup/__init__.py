"""What every Inference does around `initialize`, whatever its algorithm.

- `atomic.py`: the all-or-nothing `initialize`: a call that raises
  takes back what it built.
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
