"""What the docs tell a user to call is public API.

The hand-written pages, the README, the notebooks, the examples and the
docstrings the API reference renders must not send anyone to a private
edward_lite name: a dotted name with a component that starts with an
underscore after `edward_lite.` or `ed.`, a private name imported from
edward_lite, or a private attribute of an inference (`inference._x`).
Paths to source files (`edward_lite/inferences/_setup/atomic.py`) say where
something is written, not what to call, and are allowed.
"""

import glob
import importlib
import inspect
import os
import re

import nbformat
import pytest

import edward_lite as ed
from edward_lite.inferences._distributed import data_parallel
from edward_lite.inferences._running import session_config
from tests.docs.conftest import ROOT, load_hook

# `ed.inferences._running.x`, `edward_lite._tf`; not `ed.__version__`.
_PRIVATE_DOTTED = re.compile(
    r"\b(?:edward_lite|ed)(?:\.[A-Za-z]\w*)*\._[A-Za-z0-9]\w*")
# `inference._disc_scope`, `bigan_inference._x`, `ed.GANInference._x`.
_PRIVATE_ATTRIBUTE = re.compile(r"\b\w*inference\w*\._[A-Za-z0-9]\w*", re.I)
_FROM_IMPORT = re.compile(
    r"\bfrom\s+edward_lite(?:\.\w+)*\s+import\s+(\([^)]*\)|[^\n]*)")


def private_references(text):
  """Every private edward_lite name that `text` tells a reader to use."""
  spans = sorted({match.span() for pattern in (_PRIVATE_DOTTED,
                                                 _PRIVATE_ATTRIBUTE)
                   for match in pattern.finditer(text)})
  # `ed.GANInference._x` matches both patterns; it is named once, whole.
  found = [text[start:end] for start, end in spans
           if not any(s <= start and end <= e and (s, e) != (start, end)
                      for s, e in spans)]
  for names in _FROM_IMPORT.findall(text):
    for name in names.strip("()").split(","):
      name = name.split("#")[0].split(" as ")[0].strip()
      if re.match(r"_[A-Za-z0-9]", name):
        found.append(name)
  return found


def _read(path):
  with open(path, encoding="utf-8") as handle:
    return handle.read()


def sources():
  """{path relative to the repository: text} of every page users read."""
  paths = (glob.glob(os.path.join(ROOT, "docs", "**", "*.md"),
                     recursive=True) +
           glob.glob(os.path.join(ROOT, "docs", "**", "*.ipynb"),
                     recursive=True) +
           glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")) +
           glob.glob(os.path.join(ROOT, "examples", "**", "*.py"),
                     recursive=True) +
           glob.glob(os.path.join(ROOT, "examples", "*.md")) +
           [os.path.join(ROOT, "README.md")])
  texts = {}
  seen = set()
  for path in sorted(paths):
    # docs/tutorials/X.ipynb is a link to notebooks/X.ipynb.
    real = os.path.realpath(path)
    if real in seen:
      continue
    seen.add(real)
    if path.endswith(".ipynb"):
      cells = nbformat.read(path, as_version=4).cells
      text = "\n".join(cell.source for cell in cells)
    else:
      text = _read(path)
    texts[os.path.relpath(path, ROOT)] = text
  return texts


def docstrings():
  """{public name: docstring} of what the API reference renders."""
  hook = load_hook()
  entries, _ = hook.catalog()
  texts = {}
  for public_name, import_name in hook.PUBLIC_MODULES:
    module = importlib.import_module(import_name)
    texts[public_name] = inspect.getdoc(module) or ""
  for entry in entries:
    texts[entry.name] = inspect.getdoc(entry.obj) or ""
    if entry.kind != "class":
      continue
    for name, member in inspect.getmembers(entry.obj):
      if name.startswith("_") and name != "__init__":
        continue
      if inspect.isfunction(member) or isinstance(member, property):
        texts["{}.{}".format(entry.name, name)] = inspect.getdoc(member) or ""
  return texts


SOURCES = sources()
DOCSTRINGS = docstrings()


@pytest.mark.parametrize("text, expected", [
    ("tf.Session(config=edward_lite.inferences._running.session_config.x())",
     ["edward_lite.inferences._running"]),
    ("`ed.inferences._distributed.data_parallel.distribute_dataset`",
     ["ed.inferences._distributed"]),
    ("import edward_lite._tf", ["edward_lite._tf"]),
    ("`inference._disc_scope` says which", ["inference._disc_scope"]),
    ("bigan_inference._fetches", ["bigan_inference._fetches"]),
    ("ed.BiGANInference._discriminate(x)", ["ed.BiGANInference._discriminate"]),
    ("self.inference._disc_scope", ["inference._disc_scope"]),
    ("from edward_lite.inferences._distributed.data_parallel import x",
     ["edward_lite.inferences._distributed"]),
    ("from edward_lite.inferences import _running", ["_running"]),
    ("from edward_lite.util import (\n    get_session, _walk_up)",
     ["_walk_up"]),
    ("from edward_lite.util import _walk_up as walk", ["_walk_up"]),
])
def test_finds_private_references(text, expected):
  assert private_references(text) == expected


@pytest.mark.parametrize("text", [
    "ed.inferences.fast_session_config(xla=True)",
    "`inference.disc_scope` says which scope it got",
    "see `edward_lite/inferences/_setup/atomic.py`",
    "print(ed.__version__)",
    "import _common  # the examples' own helpers",
    "os._exit(0)",
    "from edward_lite.inferences import distribute_dataset",
    # "ed" only as a whole word: not the end of "used".
    "the cache was used._cache",
])
def test_leaves_public_names_and_paths_alone(text):
  assert private_references(text) == []


def test_sources_cover_pages_readme_notebooks_and_examples():
  names = set(SOURCES)
  assert "README.md" in names
  assert os.path.join("docs", "getting-started.md") in names
  assert os.path.join("examples", "bigan_multiworker.py") in names
  assert {os.path.basename(n) for n in names if n.endswith(".ipynb")} == {
      os.path.basename(n) for n in glob.glob(
          os.path.join(ROOT, "notebooks", "*.ipynb"))}
  assert "ed.GANInference.disc_scope" in DOCSTRINGS
  assert "ed.inferences.fast_session_config" in DOCSTRINGS


@pytest.mark.parametrize("path", sorted(SOURCES))
def test_pages_name_only_public_api(path):
  assert private_references(SOURCES[path]) == [], path


def test_rendered_docstrings_name_only_public_api():
  found = {name: private_references(text)
           for name, text in DOCSTRINGS.items()}
  assert {name: refs for name, refs in found.items() if refs} == {}


def test_private_names_stay_aliases_of_the_public_ones():
  assert (session_config.fast_session_config is
          ed.inferences.fast_session_config)
  assert data_parallel.distribute_dataset is ed.inferences.distribute_dataset


@pytest.mark.parametrize("cls", ["GANInference", "BiGANInference",
                                 "WGANInference"])
def test_disc_scope_is_documented_on_the_class_pages(built_site, cls):
  bs4 = pytest.importorskip("bs4")
  article = bs4.BeautifulSoup(built_site.html("api/ed/" + cls),
                              "html.parser").find("article")
  shown = [" ".join(div.get_text(" ").split())
           for div in article.find_all("div", class_="doc-attribute")]
  # The heading, its "property" label, then the docstring.
  assert [text for text in shown if text.startswith(
      "disc_scope property ¶ disc_scope str. The variable scope of the "
      "discriminator's parameters.")], shown
