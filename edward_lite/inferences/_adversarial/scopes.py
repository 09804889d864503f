"""The variable scope each adversarial inference's discriminator lives in.

Edward always used "Disc". A second inference in the same scope of the
same graph would then fail ("Variable Disc/w already exists") or take
the first one's variables, regularizers and (for WGAN) clipping for its
own. The first inference keeps Edward's name; each later one gets the
next free name ("Disc_1", ...), recorded in a graph collection.

What belongs to whom is then read from the scopes as Edward read it,
with `tf.get_collection(key, scope)`: the names a scope matches as a
regular expression from their start. So "Gen" also takes "Gen_1/..." (a
second `tf.variable_scope("Gen")` block names its ops so), and "Disc"
the ops of the discriminator's second call ("Disc_1/...").
"""

from edward_lite._tf import tf1
from edward_lite.util.random_variables import get_variables

__all__ = [
    "DISCRIMINATOR_SCOPES",
    "apply_discriminator",
    "new_discriminator_scope",
    "regularization_losses",
    "trainable_variables",
    "variables_of",
]

# The graph collection of the "Disc" scopes that inferences built their
# discriminators in, so that a second inference never shares one.
DISCRIMINATOR_SCOPES = "edward_lite_discriminator_scopes"


def new_discriminator_scope():
  """The variable scope "Disc", or "Disc_1", ... if another took it.

  Returns:
    A context manager that enters the scope, records its full name in
    `DISCRIMINATOR_SCOPES` and gives the `tf.VariableScope`.
  """
  outer = tf1.get_variable_scope().name
  wanted = outer + "/Disc" if outer else "Disc"
  claimed = tf1.get_collection(DISCRIMINATOR_SCOPES)
  if wanted in claimed:
    scope = tf1.variable_scope(None, default_name="Disc")
  else:
    scope = tf1.variable_scope("Disc")
  return _ClaimedScope(scope)


class _ClaimedScope(object):
  """Enters a variable scope and records it in DISCRIMINATOR_SCOPES."""

  def __init__(self, scope):
    self._scope = scope

  def __enter__(self):
    entered = self._scope.__enter__()  # pylint: disable=unnecessary-dunder-call
    tf1.add_to_collection(DISCRIMINATOR_SCOPES, entered.name)
    return entered

  def __exit__(self, *exc_info):
    return self._scope.__exit__(*exc_info)


def apply_discriminator(discriminator, pairs):
  """Applies `discriminator` to each argument tuple in `pairs`.

  The first call makes its variables under a new discriminator scope
  (`new_discriminator_scope`); the others reuse them.

  Args:
    discriminator: callable.
    pairs: list of tuples of arguments.

  Returns:
    (outputs, scope): what each call returned, and the
    `tf.VariableScope` the variables live in.
  """
  outputs = []
  with new_discriminator_scope() as scope:
    outputs.append(discriminator(*pairs[0]))
  for args in pairs[1:]:
    with tf1.variable_scope(scope, reuse=True):
      outputs.append(discriminator(*args))
  return outputs, scope


def trainable_variables(scope):
  """The trainable variables `scope` selects, by TensorFlow's rule."""
  return tf1.get_collection(tf1.GraphKeys.TRAINABLE_VARIABLES, scope=scope)


def regularization_losses(scope=None, excluding=()):
  """The regularization losses `scope` selects, or all but `excluding`.

  Args:
    scope: str or None. A scope's full name.
    excluding: list. Losses left out when `scope` is None.

  Returns:
    list of the collection's items.
  """
  if scope is not None:
    return tf1.get_collection(tf1.GraphKeys.REGULARIZATION_LOSSES,
                              scope=scope)
  # Collection items compared as objects: a tf_keras regularizer's
  # loss is a lazy tensor without `ref()`.
  left_out = {id(loss) for loss in excluding}
  return [loss for loss in
          tf1.get_collection(tf1.GraphKeys.REGULARIZATION_LOSSES)
          if id(loss) not in left_out]


def variables_of(outputs, excluding):
  """The trainable variables `outputs` depend on, but `excluding`, by name.

  Args:
    outputs: list of tf.Tensor.
    excluding: list of tf.Variable.

  Returns:
    list of tf.Variable, sorted by name.
  """
  trainables = tf1.trainable_variables()
  left_out = {v.ref() for v in excluding}
  found = {}
  for output in outputs:
    for variable in get_variables(output, trainables):
      if variable.ref() not in left_out:
        found[variable.name] = variable
  return [found[name] for name in sorted(found)]
