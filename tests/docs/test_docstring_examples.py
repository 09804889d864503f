"""Every `#### Examples` block in edward_lite's public docstrings runs.

The blocks are collected from the docstrings of every class and function
the API reference documents, and of their public methods and properties.
Each block runs in a fresh graph and session, in the namespace below,
and is then checked by the entry of CHECKS named after the docstring's
owner. A block with no entry fails, so a new example cannot go unchecked.

The examples name what the reader is meant to have: `ed`, `tf`
(`tensorflow.compat.v1`), `np`, `tfd`, the classes of `ed.models` and
`Progbar`, plus a few free names each example assumes (`gen_data`,
`discriminator`, `x_data`, ...), which its CHECKS entry supplies.

The `ed.models` classes quote their TensorFlow Probability distribution's
docstring, whose examples are TFP's own, written for `tfd.*` (several do
not run as printed); that quoted text is not collected.
"""

import contextlib
import inspect
import io
import re
import struct
import textwrap

import numpy as np
import pytest

import edward_lite as ed
import edward_lite.models
from edward_lite import datasets
from edward_lite._tf import tf, tf1, tfd
from tests import test_util
from tests.docs.conftest import load_hook

FENCED_PYTHON = re.compile(r"```python\n(.*?)```", re.S)


def _own_docstring(obj):
  """The docstring without text quoted from a TFP distribution."""
  doc = inspect.getdoc(obj) or ""
  for quoted in _quoted_tfp_docstrings(obj):
    doc = doc.replace(quoted, "")
  return doc


def _quoted_tfp_docstrings(obj):
  """TFP docstrings that `obj`'s docstring quotes (ed.models classes)."""
  if not (inspect.isclass(obj) and issubclass(obj, ed.RandomVariable)):
    return []
  quoted = []
  for name in dir(tfd):
    candidate = getattr(tfd, name)
    if inspect.isclass(candidate) and candidate.__doc__:
      text = inspect.cleandoc(candidate.__doc__)
      if text and text in (inspect.getdoc(obj) or ""):
        quoted.append(text)
  return quoted


def example_blocks(doc):
  """The fenced Python blocks under each "#### Examples" heading."""
  blocks = []
  for part in re.split(r"^#### ", doc, flags=re.M)[1:]:
    heading, _, body = part.partition("\n")
    if heading.strip() == "Examples":
      blocks.extend(textwrap.dedent(b) for b in FENCED_PYTHON.findall(body))
  return blocks


def collect():
  """{owner's public name: [blocks]}, each docstring counted once."""
  entries, _ = load_hook().catalog()
  found = {}
  seen = set()
  for entry in entries:
    owners = [(entry.name, entry.obj)]
    if entry.kind == "class":
      for name, member in sorted(vars_with_inherited(entry.obj).items()):
        owners.append(("{}.{}".format(entry.name, name), member))
    for owner, obj in owners:
      doc = _own_docstring(obj)
      if not doc or doc in seen:
        continue
      seen.add(doc)
      blocks = example_blocks(doc)
      if blocks:
        found[owner] = blocks
  return found


def vars_with_inherited(cls):
  """Public methods and properties of `cls`, its bases' included."""
  members = {}
  for klass in reversed(cls.__mro__):
    if klass is object:
      continue
    for name, value in vars(klass).items():
      if name.startswith("_"):
        continue
      if isinstance(value, property):
        members[name] = value
      elif inspect.isfunction(value):
        members[name] = value
  return members


def base_namespace():
  namespace = {"ed": ed, "tf": tf1, "np": np, "tfd": tfd,
               "Progbar": ed.Progbar}
  for name in edward_lite.models.__all__:
    namespace[name] = getattr(edward_lite.models, name)
  return namespace


# Free names the adversarial examples assume, as small real networks.
def _dense(inputs, units, activation=None):
  return tf1.layers.dense(inputs, units, activation=activation)


def _gen_data(z):
  return _dense(_dense(z, 8, tf.nn.relu), 4, tf.sigmoid)


def _gen_latent(x):
  return _dense(_dense(x, 8, tf.nn.relu), 2)


def _discriminator(x, z=None):
  inputs = x if z is None else tf.concat([x, z], axis=1)
  return _dense(_dense(inputs, 8, tf.nn.relu), 1)


def _generative_network(z):
  return _dense(_dense(z, 8, tf.nn.relu), 2)


def setup_bigan(namespace, tmp_path):
  namespace.update(
      x_ph=tf1.placeholder(tf.float32, [16, 4]),
      z_ph=tf1.placeholder(tf.float32, [16, 2]),
      gen_data=_gen_data, gen_latent=_gen_latent,
      discriminator=_discriminator)


def check_bigan(namespace, sess, printed):
  inference = namespace["inference"]
  z_ph, zf = namespace["z_ph"], namespace["zf"]
  xf, x_ph = namespace["xf"], namespace["x_ph"]
  assert inference.latent_vars == {z_ph: zf}
  assert inference.data == {xf: x_ph}
  # Both networks were built under "Gen", where BiGANInference finds them.
  assert xf.name.startswith("Gen/") and zf.name.startswith("Gen/")


def setup_gan(namespace, tmp_path):
  namespace.update(
      generative_network=_generative_network, discriminator=_discriminator,
      x_data=np.random.RandomState(0).normal(size=(100, 2)).astype(
          np.float32))


def check_gan(namespace, sess, printed):
  inference = namespace["inference"]
  x = namespace["x"]
  assert list(inference.data) == [x]
  # The NumPy data became a graph variable holding the same values.
  np.testing.assert_array_equal(sess.run(inference.data[x]),
                                namespace["x_data"])
  assert x.shape.as_list() == [100, 2]


def check_inference(namespace, sess, printed):
  inference = namespace["inference"]
  assert sess.run(inference.t) == 10
  assert inference.latent_vars == {namespace["mu"]: namespace["qmu"]}
  np.testing.assert_array_equal(sess.run(inference.data[namespace["x"]]),
                                np.zeros(50, np.float32))


def check_progbar(namespace, sess, printed):
  # The last line: 10 of 10 steps and the last loss, 1 / 10.
  last = printed.split("\r")[-1]
  assert last.startswith("10/10 [100%]")
  assert last.rstrip().endswith("| Loss: 0.100")


def check_random_variable(namespace, sess, printed):
  assert namespace["x"].shape.as_list() == [50]
  assert namespace["h"].shape.as_list() == [50, 3]
  assert isinstance(namespace["y"].distribution, tfd.StudentT)
  assert namespace["mu"] in ed.get_ancestors(namespace["x"])


def check_eval(namespace, sess, printed):
  value = float(printed.strip())
  assert np.isfinite(value)


def check_own_assertions(namespace, sess, printed):
  # The example asserts its result itself; it must also have made the
  # variables and random variables it names.
  assert any(isinstance(v, (ed.RandomVariable, tf1.Variable))
             for v in namespace.values())


def _write_idx(path, magic, array):
  with open(path, "wb") as handle:
    handle.write(struct.pack(">I", magic))
    handle.write(struct.pack(">" + "I" * array.ndim, *array.shape))
    handle.write(array.astype(np.uint8).tobytes())


def setup_generator(namespace, tmp_path):
  """Four small MNIST-format files, an inference to feed, `mnist` reading them.

  The example's path ("~/data/mnist") is replaced by the directory of
  these files: nothing is downloaded and nothing outside tmp_path read.
  """
  rng = np.random.RandomState(0)
  for prefix, count in (("train", 120), ("t10k", 20)):
    images = rng.randint(0, 256, size=(count, 28, 28))
    labels = rng.randint(0, 10, size=count)
    _write_idx(str(tmp_path / (prefix + "-images-idx3-ubyte")), 0x803, images)
    _write_idx(str(tmp_path / (prefix + "-labels-idx1-ubyte")), 0x801, labels)
  x_ph = tf1.placeholder(tf.float32, [100, 784])
  with tf1.variable_scope("Gen"):
    x = _dense(tf1.random_normal([100, 3]), 784)
  inference = ed.GANInference({x: x_ph}, _discriminator)
  inference.initialize(n_iter=3, n_print=0)
  tf1.global_variables_initializer().run()
  namespace.update(mnist=lambda path: datasets.mnist(str(tmp_path)),
                   generator=datasets.generator, x_ph=x_ph,
                   inference=inference)


def check_generator(namespace, sess, printed):
  assert sess.run(namespace["inference"].t) == 3
  assert namespace["info_dict"]["t"] == 3
  assert namespace["x_train"].shape == (120, 784)


# owner -> (setup, check)
CHECKS = {
    "ed.BiGANInference": (setup_bigan, check_bigan),
    "ed.GANInference": (setup_gan, check_gan),
    "ed.WGANInference": (setup_gan, check_gan),
    "ed.Inference": (None, check_inference),
    "ed.Progbar": (None, check_progbar),
    "ed.RandomVariable": (None, check_random_variable),
    "ed.RandomVariable.eval": (None, check_eval),
    "ed.get_ancestors": (None, check_own_assertions),
    "ed.get_variables": (None, check_own_assertions),
    "edward_lite.datasets.generator": (setup_generator, check_generator),
}

COLLECTED = collect()
CASES = [(owner, index) for owner in sorted(COLLECTED)
         for index in range(len(COLLECTED[owner]))]


def test_every_example_has_a_check():
  assert sorted(COLLECTED) == sorted(CHECKS)


def test_tfp_quotes_are_recognised():
  # Normal's docstring quotes tfd.Normal's, examples and all.
  quoted = _quoted_tfp_docstrings(edward_lite.models.Normal)
  assert len(quoted) == 1 and "#### Examples" in quoted[0]
  assert "#### Examples" not in _own_docstring(edward_lite.models.Normal)


@pytest.mark.parametrize("owner,index", CASES,
                         ids=["{}-{}".format(o, i) for o, i in CASES])
def test_example_runs_and_does_what_it_shows(owner, index, tmp_path):
  setup, check = CHECKS[owner]
  block = COLLECTED[owner][index]
  with test_util.fresh_session(seed=0) as sess:
    namespace = base_namespace()
    if setup is not None:
      setup(namespace, tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
      exec(compile(block, "<{} example>".format(owner), "exec"), namespace)  # pylint: disable=exec-used
    check(namespace, sess, printed.getvalue())
