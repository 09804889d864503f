"""mkdocs hook: the API reference pages and the optional pages in the nav.

mkdocs.yml loads this file (`hooks:`). It does two things while the
site is built, so that nothing generated is ever committed:

- writes one API page per public class and function, shaped like
  Edward's pages (title, "Class X", Inherits From, Aliases, Defined in,
  then the docstring and the methods, which mkdocstrings renders), one
  page per public module, and an index; and lists them in the nav
  under "API reference";
- adds the pages other people write (benchmarks, reliability, quality,
  and any other top-level page the nav does not name) to the nav only
  when their file exists, so that the strict build never depends on
  them.

`catalog()` is importable on its own: the docs tests use it to know which
pages the build must have made.
"""

import collections
import importlib
import inspect
import os

__all__ = ["Entry", "PUBLIC_MODULES", "catalog", "page_path"]


# (name users write, importable module), in the order the nav shows them.
# "ed" stands for `import edward_lite as ed`, as on Edward's pages;
# `edward_lite/__init__.py` imports criticisms, inferences, models and
# util, so `ed.criticisms` works as written. The datasets, the layers and
# the upgrade tool are not attributes of `ed` until imported, so they keep
# their full names.
PUBLIC_MODULES = (
    ("ed", "edward_lite"),
    ("ed.criticisms", "edward_lite.criticisms"),
    ("ed.inferences", "edward_lite.inferences"),
    ("ed.models", "edward_lite.models"),
    ("ed.util", "edward_lite.util"),
    ("edward_lite.datasets", "edward_lite.datasets"),
    ("edward_lite.layers", "edward_lite.layers"),
    ("edward_lite.upgrade", "edward_lite.upgrade"),
)

# The nav entry this hook fills in, and the pages added when they exist.
API_NAV_TITLE = "API reference"
API_INDEX = "api/index.md"
OPTIONAL_PAGES = (
    ("Benchmarks", "benchmarks.md"),
    ("Reliability", "reliability.md"),
    ("Quality", "quality.md"),
)

Entry = collections.namedtuple(
    "Entry", ["name", "kind", "obj", "aliases", "module"])
Entry.__doc__ = """One documented object.

Args:
  name: its page title, the first alias ("ed.BiGANInference").
  kind: "class" or "function".
  obj: the object itself.
  aliases: every public name of it, in PUBLIC_MODULES order.
  module: the public module (as users write it) the page is listed under.
"""

# mkdocstrings options for the body of a class page: Edward's pages list
# every method, inherited ones too, constructor first. The random
# variables' `support` is a plain string, which inspection would show
# with the docstring of `str`.
_CLASS_OPTIONS = """\
      show_root_heading: false
      show_root_toc_entry: false
      heading_level: 2
      inherited_members: true
      members_order: alphabetical
      filters: ["!^_", "^__init__$", "!^support$"]
      group_by_category: true
      show_category_heading: true
      show_bases: false
      show_source: false"""

_FUNCTION_OPTIONS = """\
      show_root_heading: false
      show_root_toc_entry: false
      heading_level: 2
      show_source: false"""


def catalog():
  """Returns (entries, modules): what the API reference documents.

  `entries` is one `Entry` per public class or function, in the order
  first met walking PUBLIC_MODULES and each module's `__all__`;
  `modules` maps each public module's name to its list of entries.
  Constants and submodules in `__all__` get no page.
  """
  by_id = collections.OrderedDict()
  modules = collections.OrderedDict()
  for public_name, import_name in PUBLIC_MODULES:
    module = importlib.import_module(import_name)
    listed = []
    for attribute in module.__all__:
      obj = getattr(module, attribute)
      if inspect.isclass(obj):
        kind = "class"
      elif inspect.isfunction(obj):
        kind = "function"
      else:
        continue
      alias = "{}.{}".format(public_name, attribute)
      found = by_id.get(id(obj))
      if found is None:
        found = Entry(alias, kind, obj, [alias], public_name)
        by_id[id(obj)] = found
      else:
        found.aliases.append(alias)
      listed.append(found)
    modules[public_name] = listed
  return list(by_id.values()), modules


def page_path(name):
  """The page of a dotted name: "ed.BiGANInference" -> "api/ed/BiGANInference.md"."""
  return "api/{}.md".format(name.replace(".", "/"))


def _link(from_page, to_page):
  """A relative link between two pages, as mkdocs resolves them."""
  return os.path.relpath(to_page, os.path.dirname(from_page)).replace(
      os.sep, "/")


def _qualified(obj):
  return "{}.{}".format(obj.__module__, obj.__qualname__)


def _defined_in(obj):
  """The source file's path from the directory holding `edward_lite/`."""
  package = importlib.import_module(obj.__module__.split(".")[0])
  top = os.path.dirname(os.path.dirname(os.path.abspath(package.__file__)))
  return os.path.relpath(inspect.getsourcefile(obj), top).replace(os.sep, "/")


def _signature_block(name, obj):
  """A signature in Edward's layout: one argument a line once it is long."""
  signature = inspect.signature(obj)
  parameters = [str(p) for p in signature.parameters.values()]
  one_line = "{}({})".format(name, ", ".join(parameters))
  if len(one_line) <= 70:
    text = one_line
  else:
    text = "{}(\n{}\n)".format(
        name, ",\n".join("    " + p for p in parameters))
  return "```python\n{}\n```\n".format(text)


def _bases(entry, documented):
  """Markdown for "Inherits From": each base, linked when it has a page."""
  here = page_path(entry.name)
  parts = []
  for base in entry.obj.__bases__:
    if base is object:
      continue
    target = documented.get(id(base))
    if target is None:
      parts.append("`{}`".format(base.__name__))
    else:
      parts.append("[`{}`]({})".format(
          base.__name__, _link(here, page_path(target.name))))
  return ", ".join(parts)


def class_page(entry, documented):
  """The markdown of a class's page."""
  short = entry.name.rsplit(".", 1)[1]
  lines = ["# {}".format(entry.name), "",
           "## Class `{}`".format(short), ""]
  bases = _bases(entry, documented)
  if bases:
    lines += ["Inherits From: {}".format(bases), ""]
  lines += _aliases("Class", entry)
  lines += ["Defined in `{}`.".format(_defined_in(entry.obj)), "",
            "::: {}".format(_qualified(entry.obj)), "    options:",
            _CLASS_OPTIONS, ""]
  return "\n".join(lines)


def function_page(entry):
  """The markdown of a function's page."""
  short = entry.name.rsplit(".", 1)[1]
  lines = ["# {}".format(entry.name), ""]
  lines += _aliases("", entry)
  lines += [_signature_block(short, entry.obj),
            "Defined in `{}`.".format(_defined_in(entry.obj)), "",
            "::: {}".format(_qualified(entry.obj)), "    options:",
            _FUNCTION_OPTIONS, ""]
  return "\n".join(lines)


def _aliases(word, entry):
  lines = ["### Aliases:", ""]
  for alias in entry.aliases:
    lines.append("* {}`{}`".format(word + " " if word else "", alias))
  return lines + [""]


def _brief(obj):
  doc = inspect.getdoc(obj) or ""
  return " ".join(doc.split("\n\n", 1)[0].split())


def module_page(public_name, entries):
  """The markdown of a module's page: its classes and functions, briefly."""
  here = page_path(public_name)
  import_name = dict(PUBLIC_MODULES)[public_name]
  lines = ["# Module: {}".format(public_name), "",
           _brief(importlib.import_module(import_name)), ""]
  for kind, heading in (("class", "Classes"), ("function", "Functions")):
    chosen = [e for e in entries if e.kind == kind]
    if not chosen:
      continue
    lines += ["## {}".format(heading), ""]
    for entry in chosen:
      short = entry.name.rsplit(".", 1)[1]
      label = ("class {}" if kind == "class" else "{}(...)").format(short)
      lines.append("[`{}`]({}): {}".format(
          label, _link(here, page_path(entry.name)), _brief(entry.obj)))
      lines.append("")
  return "\n".join(lines)


def index_page(modules):
  lines = ["# API reference", "",
           "One page per public class and function, laid out as Edward's "
           "API pages were. `ed` stands for `import edward_lite as ed`.", ""]
  for public_name, entries in modules.items():
    lines.append("- [Module: {}]({}): {} classes and functions".format(
        public_name, _link(API_INDEX, page_path(public_name)), len(entries)))
  return "\n".join(lines) + "\n"


def generated_pages():
  """Returns {page path: markdown} for the whole API reference."""
  entries, modules = catalog()
  documented = {id(entry.obj): entry for entry in entries}
  pages = collections.OrderedDict()
  pages[API_INDEX] = index_page(modules)
  for public_name, listed in modules.items():
    pages[page_path(public_name)] = module_page(public_name, listed)
  for entry in entries:
    if entry.kind == "class":
      pages[page_path(entry.name)] = class_page(entry, documented)
    else:
      pages[page_path(entry.name)] = function_page(entry)
  return pages


def api_nav():
  """The nav's "API reference" section: index, then one part per module."""
  _, modules = catalog()
  nav = [API_INDEX]
  for public_name, entries in modules.items():
    own = [e for e in entries if e.module == public_name]
    section = [{"Module: {}".format(public_name): page_path(public_name)}]
    section += [{e.name: page_path(e.name)} for e in own]
    nav.append({public_name: section})
  return nav


def _title(path):
  """A page's title: its first "# " heading, else its file name."""
  with open(path, encoding="utf-8") as handle:
    for line in handle:
      if line.startswith("# "):
        return line[2:].strip()
  return os.path.splitext(os.path.basename(path))[0]


def extra_pages(docs_dir, nav):
  """Nav entries for the top-level pages that `nav` does not name.

  OPTIONAL_PAGES come first, in their order and under their titles, when
  their file exists; then any other top-level page, by file name, under
  its own first heading. Pages written by others thus join the site
  without a nav edit, and their absence never breaks the build.
  """
  named = set()
  stack = list(nav)
  while stack:
    item = stack.pop()
    if isinstance(item, str):
      named.add(item)
    elif isinstance(item, dict):
      for value in item.values():
        stack.extend(value if isinstance(value, list) else [value])
  entries = []
  for title, path in OPTIONAL_PAGES:
    if path not in named and os.path.isfile(os.path.join(docs_dir, path)):
      entries.append({title: path})
      named.add(path)
  for name in sorted(os.listdir(docs_dir)):
    if name.endswith(".md") and name not in named:
      entries.append({_title(os.path.join(docs_dir, name)): name})
  return entries


def on_config(config):
  nav = []
  for item in config["nav"]:
    if isinstance(item, dict) and item.get(API_NAV_TITLE) == API_INDEX:
      item = {API_NAV_TITLE: api_nav()}
    nav.append(item)
  config["nav"] = nav + extra_pages(config["docs_dir"], nav)
  return config


def on_files(files, config):
  # Imported here so that catalog() works where mkdocs is not installed.
  from mkdocs.structure.files import File  # pylint: disable=g-import-not-at-top
  for path, markdown in generated_pages().items():
    files.append(File.generated(config, path, content=markdown))
  return files
