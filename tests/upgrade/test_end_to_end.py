"""A legacy TF1 script, upgraded, runs today and prints the right number."""

import textwrap

import numpy as np
import pytest

from edward_lite.upgrade.upgrader import upgrade_source
from tests.upgrade._subprocess import run_all

# Written the way Edward 1.3 users wrote TF1 code: placeholders,
# variable scopes, tf.layers, tf.contrib, an explicit session.
LEGACY_BODY = textwrap.dedent("""\
    import numpy as np
    import tensorflow as tf

    x_ph = tf.placeholder(tf.float32, [None, 3])
    with tf.variable_scope("Gen"):
      hidden = tf.layers.dense(
          x_ph, 2, activation=tf.nn.relu,
          kernel_initializer=tf.constant_initializer(0.5),
          bias_initializer=tf.constant_initializer(-1.0))
      logits = tf.contrib.slim.fully_connected(
          hidden, 1, activation_fn=None,
          weights_initializer=tf.constant_initializer(2.0),
          biases_initializer=tf.zeros_initializer())
    prior = tf.contrib.distributions.Normal(loc=0.0, scale=2.0)
    log_p = tf.reduce_sum(prior.log_prob(logits))

    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      print(repr(float(sess.run(log_p, {x_ph: x}))))
    """)


def _expected_log_p():
  x = np.arange(6, dtype=np.float64).reshape(2, 3)
  hidden = np.maximum(x.dot(np.full((3, 2), 0.5)) - 1.0, 0.0)
  logits = hidden.dot(np.full((2, 1), 2.0))
  return np.sum(-0.5 * (logits / 2.0) ** 2 - np.log(2.0) -
                0.5 * np.log(2.0 * np.pi))


HEADERS = {
    "with-edward": "import edward as ed\n",
    # No Edward import: the tool adds the graph-mode import itself.
    "tensorflow-only": "",
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
  """Upgrades each legacy variant and runs them all at once."""
  base = tmp_path_factory.mktemp("end_to_end")
  commands = {}
  for name, header in HEADERS.items():
    upgraded = upgrade_source(header + LEGACY_BODY, "legacy.py").text
    assert "tf.contrib" not in upgraded
    script = base / "{}.py".format(name)
    script.write_text(upgraded)
    commands[name] = (base, [str(script)])
  return run_all(commands)


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_upgraded_legacy_script_runs_and_matches_numpy(runs, name):
  process = runs[name]
  assert process.returncode == 0, process.stderr[-2000:]
  printed = float(process.stdout.strip().splitlines()[-1])
  # float32 arithmetic on numbers of size ~50: agreement to 1e-6 relative.
  assert printed == pytest.approx(_expected_log_p(), rel=1e-6)
  # By hand: logits are 2 and 20, so the sum is -(1 + 100) / 2 minus
  # twice log(2) + log(2 pi) / 2.
  assert _expected_log_p() == pytest.approx(
      -50.5 - 2 * (np.log(2.0) + 0.5 * np.log(2 * np.pi)), rel=1e-12)


def test_upgraded_text_of_the_legacy_script():
  upgraded = upgrade_source("import edward as ed\n" + LEGACY_BODY).text
  assert upgraded.splitlines()[:5] == [
      "import edward_lite as ed",
      "import numpy as np",
      "import tensorflow.compat.v1 as tf",
      "import tf_slim",
      "import tensorflow_probability as tfp",
  ]
  assert "  logits = tf_slim.fully_connected(" in upgraded
  assert "prior = tfp.distributions.Normal(loc=0.0, scale=2.0)" in upgraded
