"""The variable scope each adversarial inference's discriminator lives in.

Edward always used "Disc". A second inference in the same scope of the
same graph would then fail ("Variable Disc/w already exists") or take
the first one's variables, regularizers and (for WGAN) clipping for its
own. The first inference keeps Edward's name; each later one gets the
next free name ("Disc_1", ...), recorded in a graph collection.
"""

from edward_lite._tf import tf1

__all__ = ["DISCRIMINATOR_SCOPES", "new_discriminator_scope"]

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
