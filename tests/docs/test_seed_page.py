"""Regression against Edward's API pages of the adversarial family.

The facts of ../shared/seed/BiGANInference-api-page.txt (Edward's page
for `ed.BiGANInference`) and of Edward's pages for GANInference and
WGANInference are written here as data; the live objects must agree.
"""

import inspect
import os

import pytest

import edward_lite as ed

_EMPTY = inspect.Parameter.empty

# (name, default) per parameter after `self`; "*args"/"**kwargs" for varargs.
SEED_SIGNATURES = {
    "BiGANInference": {
        "__init__": [("latent_vars", _EMPTY), ("data", _EMPTY),
                     ("discriminator", _EMPTY)],
        "build_loss_and_gradients": [("var_list", _EMPTY)],
        "finalize": [],
        "initialize": [("optimizer", None), ("optimizer_d", None),
                       ("global_step", None), ("global_step_d", None),
                       ("var_list", None), ("*args", _EMPTY),
                       ("**kwargs", _EMPTY)],
        "print_progress": [("info_dict", _EMPTY)],
        "run": [("variables", None), ("use_coordinator", True),
                ("*args", _EMPTY), ("**kwargs", _EMPTY)],
        "update": [("feed_dict", None), ("variables", None)],
    },
    "GANInference": {
        "__init__": [("data", _EMPTY), ("discriminator", _EMPTY)],
        "build_loss_and_gradients": [("var_list", _EMPTY)],
        "finalize": [],
        "initialize": [("optimizer", None), ("optimizer_d", None),
                       ("global_step", None), ("global_step_d", None),
                       ("var_list", None), ("*args", _EMPTY),
                       ("**kwargs", _EMPTY)],
        "print_progress": [("info_dict", _EMPTY)],
        "run": [("variables", None), ("use_coordinator", True),
                ("*args", _EMPTY), ("**kwargs", _EMPTY)],
        "update": [("feed_dict", None), ("variables", None)],
    },
    "WGANInference": {
        "build_loss_and_gradients": [("var_list", _EMPTY)],
        "initialize": [("penalty", 10.0), ("clip", None), ("*args", _EMPTY),
                       ("**kwargs", _EMPTY)],
        "update": [("feed_dict", None), ("variables", None)],
    },
}

BASES = {"BiGANInference": "GANInference", "GANInference":
         "VariationalInference", "WGANInference": "GANInference",
         "VariationalInference": "Inference"}

DEFINED_IN = {"BiGANInference": "bigan_inference.py",
              "GANInference": "gan_inference.py",
              "WGANInference": "wgan_inference.py"}

# Argument names each method's docstring must explain, as the page does.
DOCUMENTED_ARGS = {
    "initialize": ["optimizer", "optimizer_d", "global_step",
                   "global_step_d", "var_list"],
    "run": ["variables", "use_coordinator"],
    "update": ["feed_dict", "variables"],
}

# Sentences of the page's Notes, by their key terms.
BIGAN_NOTES_TERMS = ["joint", "discriminator", '"Disc"', '"Gen"',
                     "REGULARIZATION_LOSSES", "implicit",
                     "Dumoulin", "Donahue"]


def describe(signature):
  described = []
  for parameter in list(signature.parameters.values())[1:]:
    if parameter.kind is parameter.VAR_POSITIONAL:
      described.append(("*" + parameter.name, _EMPTY))
    elif parameter.kind is parameter.VAR_KEYWORD:
      described.append(("**" + parameter.name, _EMPTY))
    else:
      described.append((parameter.name, parameter.default))
  return described


CASES = [(cls, method, params) for cls, methods in SEED_SIGNATURES.items()
         for method, params in methods.items()]


@pytest.mark.parametrize("cls,method,expected", CASES,
                         ids=["{}.{}".format(c, m) for c, m, _ in CASES])
def test_signature_matches_the_page(cls, method, expected):
  function = getattr(getattr(ed, cls), method)
  assert describe(inspect.signature(function)) == expected


@pytest.mark.parametrize("cls", sorted(BASES))
def test_inherits_from(cls):
  assert getattr(ed, cls).__bases__ == (getattr(ed, BASES[cls]),)


@pytest.mark.parametrize("cls", sorted(DEFINED_IN))
def test_aliases_and_defined_in(cls):
  assert getattr(ed, cls) is getattr(ed.inferences, cls)
  path = inspect.getsourcefile(getattr(ed, cls))
  assert path.endswith(os.path.join("edward_lite", "inferences",
                                    DEFINED_IN[cls]))


def test_bigan_summary_and_notes():
  doc = inspect.getdoc(ed.BiGANInference)
  assert doc.startswith("Adversarially Learned Inference (Dumoulin et al., "
                        "2017) or\nBidirectional Generative Adversarial "
                        "Networks")
  assert "#### Notes" in doc and "#### Examples" in doc
  for term in BIGAN_NOTES_TERMS:
    assert term in doc, term
  # The page's example, line for line.
  assert 'inference = ed.BiGANInference({z_ph: zf}, {xf: x_ph}, ' \
         'discriminator)' in doc
  assert 'with tf.variable_scope("Gen"):' in doc


@pytest.mark.parametrize("method,args", sorted(DOCUMENTED_ARGS.items()))
def test_method_docstrings_explain_each_argument(method, args):
  doc = inspect.getdoc(getattr(ed.BiGANInference, method))
  assert "Args:" in doc
  for arg in args:
    assert "\n  {}: ".format(arg) in doc, (method, arg)


def test_update_documents_its_return_and_counter_note():
  doc = inspect.getdoc(ed.BiGANInference.update)
  assert "Returns:" in doc and "#### Notes" in doc
  assert "total number of calls to `update`" in doc
  assert '"Disc" or "Gen"' in doc


def test_run_documents_its_eight_steps():
  doc = inspect.getdoc(ed.BiGANInference.run)
  for step in range(1, 9):
    assert "{}. ".format(step) in doc
  assert "queue runners" in doc


def test_finalize_is_called_after_convergence():
  assert inspect.getdoc(ed.BiGANInference.finalize).startswith(
      "Function to call after convergence")
