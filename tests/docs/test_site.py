"""The built site: tutorials rendered with their outputs, pages in place."""

import os

import nbformat
import pytest

from tests.docs.conftest import ROOT

bs4 = pytest.importorskip("bs4", reason="beautifulsoup4 reads the built "
                          "HTML; it comes with mkdocs-jupyter (test extra)")

NOTEBOOKS = sorted(name[:-len(".ipynb")] for name in
                   os.listdir(os.path.join(ROOT, "notebooks"))
                   if name.endswith(".ipynb"))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_tutorial_page_shows_the_notebook_and_its_figures(built_site, name):
  notebook = nbformat.read(os.path.join(ROOT, "notebooks", name + ".ipynb"),
                           as_version=4)
  soup = bs4.BeautifulSoup(built_site.html("tutorials/" + name),
                           "html.parser")
  title = notebook.cells[0].source.splitlines()[0].lstrip("# ")
  assert soup.find("h1").get_text().strip().rstrip("¶").strip() == title
  figures = sum(1 for cell in notebook.cells if cell.cell_type == "code"
                for output in cell.outputs
                if "image/png" in output.get("data", {}))
  images = [img for img in soup.find_all("img")
            if img.get("src", "").startswith("data:image/png")]
  assert len(images) == figures


def test_hand_written_pages_are_built(built_site):
  for page in ("getting-started", "migrating", "differences", "tutorials"):
    assert os.path.isfile(built_site.path(page, "index.html")), page


def test_optional_pages_are_in_the_nav_when_present(built_site):
  soup = bs4.BeautifulSoup(built_site.html(""), "html.parser")
  links = {a.get_text().strip() for a in soup.select("nav a")}
  for title, path in (("Benchmarks", "benchmarks.md"),
                      ("Reliability", "reliability.md"),
                      ("Quality", "quality.md")):
    present = os.path.isfile(os.path.join(ROOT, "docs", path))
    assert (title in links) == present, title
    assert os.path.isfile(built_site.path(path[:-3], "index.html")) == present


def test_every_page_is_in_the_nav(built_site):
  # mkdocs only informs (so --strict passes) about pages left out of it.
  assert "are not included in the \"nav\"" not in built_site.log
