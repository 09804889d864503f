"""Rewrites legacy Edward 1.x / TensorFlow 1.x code to run on edward_lite.

`python -m edward_lite.upgrade --infile old.py --outfile new.py` (or the
`edward-lite-upgrade` script) changes `import edward as ed` to `import
edward_lite as ed`, `import tensorflow as tf` to `import
tensorflow.compat.v1 as tf`, moves tf.contrib, keras and observations
uses to their successors, and reports every change and every line it
cannot convert. The rules are data in `spec`; `upgrader` walks the
syntax tree and edits the text only where a rule applies.
"""

from edward_lite.upgrade.files import process_file, process_tree
from edward_lite.upgrade.files import process_tree_inplace
from edward_lite.upgrade.ipynb import upgrade_notebook
from edward_lite.upgrade.report import FileReport, format_report
from edward_lite.upgrade.upgrader import LogEntry, UpgradeError
from edward_lite.upgrade.upgrader import upgrade_source

__all__ = [
    "FileReport",
    "LogEntry",
    "UpgradeError",
    "format_report",
    "process_file",
    "process_tree",
    "process_tree_inplace",
    "upgrade_notebook",
    "upgrade_source",
]
