"""Getting started's "Common mistakes" shows the errors the code raises.

The page's first program is run up to the inference, then each mistake
is made as the page describes it, and the error, as Python prints its
last line, must be the page's text block.
"""

import os
import re

import numpy as np
import pytest

from edward_lite.inferences import (
    NotInitializedError, UnfedPlaceholderError, UninitializedVariableError)
from tests import test_util
from tests.docs.conftest import ROOT

with open(os.path.join(ROOT, "docs", "getting-started.md"),
          encoding="utf-8") as _page:
  PAGE = _page.read()
SECTION = PAGE.split("## Common mistakes", 1)[1].split("\n## ", 1)[0]
SHOWN = [block.strip() for block in
         re.findall(r"```text\n(.*?)```", SECTION, re.S)]


def program_parts():
  """The page's first program: (up to the inference, initialize line).

  The mistakes are made on the page's own model and optimizers, so a
  change to the program that changes a message fails here.
  """
  program = re.findall(r"```python\n(.*?)```", PAGE, re.S)[0].splitlines()
  end = next(i for i, line in enumerate(program)
             if line.startswith("inference = ed.BiGANInference("))
  initialize = next(line for line in program
                    if line.startswith("inference.initialize("))
  return "\n".join(program[:end + 1]), initialize


def make_mistake(mistake):
  """Runs the program with `mistake`; returns the error and its last line."""
  until_inference, initialize = program_parts()
  with test_util.fresh_session(seed=0) as sess:
    namespace = {}
    exec(until_inference, namespace)  # pylint: disable=exec-used
    inference = namespace["inference"]
    x_ph, z_ph = namespace["x_ph"], namespace["z_ph"]
    x_batch = np.zeros(x_ph.shape.as_list(), np.float32)
    feeds = {x_ph: x_batch, z_ph: np.zeros(z_ph.shape.as_list(), np.float32)}
    with pytest.raises(Exception) as caught:
      if mistake == "update before initialize":
        inference.update(feeds)
      exec(initialize, namespace)  # pylint: disable=exec-used
      if mistake == "no initializer":
        inference.update(feeds)
      sess.run(namespace["tf"].global_variables_initializer())
      inference.update({x_ph: x_batch})
  return caught.value, "{}: {}".format(type(caught.value).__name__,
                                       caught.value)


@pytest.mark.parametrize("index, mistake, error_type", [
    (0, "update before initialize", NotInitializedError),
    (1, "no initializer", UninitializedVariableError),
    (2, "placeholder left out", UnfedPlaceholderError),
])
def test_each_message_is_what_the_code_raises(index, mistake, error_type):
  assert len(SHOWN) == 3
  error, printed = make_mistake(mistake)
  assert type(error) is error_type
  assert printed == SHOWN[index]
