"""The hand-written pages say what the code and the README say.

These tests read the sources; test_site.py checks the built site.
"""

import os
import re

import nbformat
import yaml

from edward_lite.upgrade import report
from edward_lite.upgrade.__main__ import _parser
from edward_lite.upgrade.upgrader import upgrade_source
from tests.docs.conftest import ROOT, load_hook


def read(*parts):
  with open(os.path.join(ROOT, *parts), encoding="utf-8") as handle:
    return handle.read()


def fenced(text, language):
  return [block.strip() for block in
          re.findall(r"```{}\n(.*?)```".format(language), text, re.S)]


def nav_config():
  # mkdocs.yml has no custom YAML tags, so the plain loader reads it.
  with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as handle:
    return yaml.safe_load(handle)


def nav_paths(nav):
  """Every page path the nav names, depth first."""
  for item in nav:
    if isinstance(item, str):
      yield item
    elif isinstance(item, dict):
      for value in item.values():
        if isinstance(value, list):
          yield from nav_paths(value)
        else:
          yield value


def test_getting_started_has_the_readme_commands_and_bigan():
  readme, page = read("README.md"), read("docs", "getting-started.md")
  assert fenced(page, "bash") == fenced(readme, "bash")
  assert fenced(page, "python") == fenced(readme, "python")[:1]


def test_migrating_page_lists_exactly_the_tools_options():
  page = read("docs", "migrating.md")
  table = re.findall(r"^\| `(--[a-z]+)` \|", page, re.M)
  options = [option for action in _parser()._actions  # pylint: disable=protected-access
             for option in action.option_strings if option != "-h" and
             option != "--help"]
  assert table == options


def test_migrating_page_quotes_the_needs_line_the_tool_writes():
  page = read("docs", "migrating.md")
  extras = upgrade_source("import tensorflow as tf\n"
                          "slim = tf.contrib.slim\n").extras
  line, = report.needs_lines(report.FileReport("gan.py", "gan.py", [], None,
                                               extras))
  assert fenced(page, "text") == [line]
  assert 'pip install "edward-lite[legacy]"' in fenced(page, "bash")


def test_every_notebook_is_a_tutorial_page():
  notebooks = sorted(name for name in os.listdir(os.path.join(ROOT,
                                                              "notebooks"))
                     if name.endswith(".ipynb"))
  paths = list(nav_paths(nav_config()["nav"]))
  index = read("docs", "tutorials", "index.md")
  for name in notebooks:
    page = os.path.join(ROOT, "docs", "tutorials", name)
    # docs/tutorials/X.ipynb is the notebook itself, not a copy.
    assert os.path.realpath(page) == os.path.join(ROOT, "notebooks", name)
    assert "tutorials/" + name in paths
    assert "]({})".format(name) in index
    title = nbformat.read(page, as_version=4).cells[0].source.splitlines()[0]
    assert title.startswith("# ")


def test_nav_names_existing_pages_only():
  config = nav_config()
  hook = load_hook()
  for path in nav_paths(config["nav"]):
    if path == hook.API_INDEX:
      continue  # Generated while the site is built.
    assert os.path.exists(os.path.join(ROOT, "docs", path)), path


def test_optional_pages_join_the_nav_only_when_they_exist(tmp_path):
  hook = load_hook()
  base = [{"Home": "index.md"}, {hook.API_NAV_TITLE: hook.API_INDEX}]
  config = {"docs_dir": str(tmp_path), "nav": list(base)}
  nav = hook.on_config(config)["nav"]
  assert nav[0] == {"Home": "index.md"}
  assert list(nav[1]) == [hook.API_NAV_TITLE] and len(nav) == 2
  (tmp_path / "index.md").write_text("# Home\n")
  (tmp_path / "quality.md").write_text("# Sample quality\n")
  (tmp_path / "benchmarks.md").write_text("# Speed\n")
  (tmp_path / "zeta.md").write_text("Intro.\n\n# Zeta page\n")
  (tmp_path / "alpha.md").write_text("no heading\n")
  nav = hook.on_config({"docs_dir": str(tmp_path), "nav": list(base)})["nav"]
  # Known pages in their order and under their nav titles, then the rest
  # by file name under their first heading; index.md is named already.
  assert nav[2:] == [{"Benchmarks": "benchmarks.md"},
                     {"Quality": "quality.md"},
                     {"alpha": "alpha.md"},
                     {"Zeta page": "zeta.md"}]


def test_api_nav_has_every_page_once():
  hook = load_hook()
  pages = hook.generated_pages()
  listed = list(nav_paths(hook.api_nav()))
  assert len(listed) == len(set(listed))
  assert sorted(listed) == sorted(pages)
