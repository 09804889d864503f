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


# Edward's examples/bigan.py, shrunk to 1-D and linear networks: TF1
# placeholders, tf.layers, the latent dictionary the other way round as
# that example wrote it, Adam, and a loop over update().
LEGACY_BIGAN = textwrap.dedent("""\
    import edward as ed
    import numpy as np
    import tensorflow as tf

    ed.set_seed(0)
    M = 64
    x_ph = tf.placeholder(tf.float32, [M, 1])
    z_ph = tf.placeholder(tf.float32, [M, 1])

    def dense(inputs, name, weight):
      return tf.layers.dense(
          inputs, 1, kernel_initializer=tf.constant_initializer(weight),
          bias_initializer=tf.zeros_initializer(), name=name)

    def discriminative_network(x, z):
      return dense(tf.concat([x, z], 1), "d", 0.1)

    with tf.variable_scope("Gen"):
      xf = dense(z_ph, "g", 1.0)
      zf = dense(x_ph, "e", 1.0)

    inference = ed.BiGANInference(
        latent_vars={zf: z_ph}, data={xf: x_ph},
        discriminator=discriminative_network)
    optimizer = tf.train.AdamOptimizer(0.05, beta1=0.5)
    optimizer_d = tf.train.AdamOptimizer(0.05, beta1=0.5)
    inference.initialize(optimizer=optimizer, optimizer_d=optimizer_d,
                         n_iter=300, n_print=100)

    sess = ed.get_session()
    tf.global_variables_initializer().run()
    rng = np.random.RandomState(1)
    for _ in range(inference.n_iter):
      x_batch = 3.0 + 0.5 * rng.randn(M, 1)
      z_batch = rng.randn(M, 1)
      info_dict = inference.update(feed_dict={x_ph: x_batch, z_ph: z_batch})
      inference.print_progress(info_dict)

    print()
    print("t", info_dict["t"])
    x_eval = np.linspace(2.0, 4.0, M).reshape(M, 1)
    z_eval = np.linspace(-2.0, 2.0, M).reshape(M, 1)
    print("eval", *sess.run([inference.loss, inference.loss_d],
                            {x_ph: x_eval, z_ph: z_eval}))
    for v in tf.global_variables():
      if v.name.startswith(("Gen/", "Disc/")) and "Adam" not in v.name:
        print(v.name, *sess.run(v).ravel())
    """)


def _printed_numbers(stdout):
  """{first word: [numbers]} of the lines after the progress bar."""
  lines = stdout.split("\n")
  return {line.split()[0]: [float(n) for n in line.split()[1:]]
          for line in lines[lines.index("") + 1:] if line.strip()}


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
  upgraded = upgrade_source(LEGACY_BIGAN, "bigan.py").text
  script = base / "bigan.py"
  script.write_text(upgraded)
  commands["bigan"] = (base, [str(script)])
  return run_all(commands)


def test_upgraded_edward_bigan_script_trains_the_page_pairs(runs):
  process = runs["bigan"]
  assert process.returncode == 0, process.stderr[-2000:]
  assert "300/300 [100%]" in process.stdout
  assert "Gen Loss" in process.stdout and "Disc Loss" in process.stdout
  assert "latent_vars is reversed" in process.stderr
  printed = _printed_numbers(process.stdout)
  assert printed["t"] == [300.0]
  # The losses on a fixed batch, recomputed in float64 from the printed
  # weights with the page's pairs (x, E(x)) and (G(z), z) and Edward's
  # labels: the discriminator calls the model's pair real.
  (gen_w,), (gen_b,) = printed["Gen/g/kernel:0"], printed["Gen/g/bias:0"]
  (enc_w,), (enc_b,) = printed["Gen/e/kernel:0"], printed["Gen/e/bias:0"]
  disc_w, (disc_b,) = printed["Disc/d/kernel:0"], printed["Disc/d/bias:0"]
  x = np.linspace(2.0, 4.0, 64)
  z = np.linspace(-2.0, 2.0, 64)
  d_data = disc_w[0] * x + disc_w[1] * (enc_w * x + enc_b) + disc_b
  d_model = disc_w[0] * (gen_w * z + gen_b) + disc_w[1] * z + disc_b
  softplus = lambda a: np.logaddexp(0.0, a)
  loss = np.mean(softplus(d_model) + softplus(-d_data))
  loss_d = np.mean(softplus(-d_model) + softplus(d_data))
  np.testing.assert_allclose(printed["eval"], [loss, loss_d], rtol=1e-5)
  # The data's mean is 3 and G(z) = gen_w z + gen_b starts at 0: after
  # 300 steps the generator's mean has covered more than half the way.
  assert 1.5 < gen_b < 4.5


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
