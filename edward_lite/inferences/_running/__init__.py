"""Running one update: the session, its fast paths, refused steps.

`update` builds nothing; it runs what `initialize` built, here:

- `update_step.py`: where every `update` ends: the feeds merged, one
  session call (with the summary when due), a refusal explained.
- `step_runner.py`: that session call, through a session callable made
  once per set of fetches and feed keys.
- `run_errors.py`: what a refused step is told: the feed, the variable
  or the placeholder at fault.
- `fast_path.py`: `initialize`'s session options (`xla`, threads,
  `rewrite_options`, `prefetch`): the session replaced when they need
  one, the datasets' iterators started, the threads chosen by timing.
- `session_config.py`: those options checked, and the session config
  they ask for (`ed.inferences.fast_session_config`).
- `threads.py`: the timing of a few thread settings on the model's step.
"""
