"""The generated API pages, read from the built site's HTML.

The BiGANInference page must state every fact of Edward's page for
`ed.BiGANInference` (../shared/seed/BiGANInference-api-page.txt): its
sections, aliases, base class, where it is defined, its methods in order
with their signatures and defaults, the documented arguments with their
types, and what `update` returns. The signatures are the data of
test_seed_page.py; the rest of the page's facts are written below.
GANInference and WGANInference are held to the facts of Edward's pages
for them.
"""

import collections
import inspect
import re

import pytest

import edward_lite as ed
import edward_lite.datasets  # noqa: F401  (documented modules)
import edward_lite.upgrade  # noqa: F401
from tests.docs.test_seed_page import (
    BASES, DEFINED_IN, SEED_SIGNATURES, _EMPTY)

bs4 = pytest.importorskip("bs4", reason="beautifulsoup4 reads the built "
                          "HTML; it comes with mkdocs-jupyter (test extra)")

# Edward's page, section by section, as text the generated page must show.
SEED_PAGE = {
    "title": "ed.BiGANInference",
    "class_line": "Class BiGANInference",
    "inherits_from": "GANInference",
    "aliases": ["Class ed.BiGANInference",
                "Class ed.inferences.BiGANInference"],
    # Edward's "edward/inferences/bigan_inference.py", renamed.
    "defined_in": "edward_lite/inferences/bigan_inference.py",
    "sections": ["Notes", "Examples", "Methods"],
    "methods": ["__init__", "build_loss_and_gradients", "finalize",
                "initialize", "print_progress", "run", "update"],
    "example": ('with tf.variable_scope("Gen"): xf = gen_data(z_ph) '
                'zf = gen_latent(x_ph) inference = ed.BiGANInference('
                '{z_ph: zf}, {xf: x_ph}, discriminator)'),
    # method -> [(argument, its type as the page's Args: list states it)]
    "arg_types": {
        "initialize": [("optimizer", "str or tf.train.Optimizer"),
                       ("optimizer_d", "str or tf.train.Optimizer"),
                       ("global_step", "tf.Variable"),
                       ("global_step_d", "tf.Variable"),
                       ("var_list", "list of tf.Variable")],
        "run": [("variables", "list"), ("use_coordinator", "bool")],
        "update": [("feed_dict", "dict"), ("variables", "str")],
    },
    "update_returns": "dict",
    "run_steps": 8,
    # The seed page's closing references, in full.
    "references": [
        "Donahue, J., Krähenbühl, P., & Darrell, T. (2017). Adversarial "
        "Feature Learning. In International conference on learning "
        "representations.",
        "Dumoulin, V., Belghazi, I., Poole, B., Lamb, A., Arjovsky, M., "
        "Mastropietro, O., & Courville, A. (2017). Adversarially Learned "
        "Inference. In International conference on learning "
        "representations.",
    ],
}

GOODFELLOW_2014 = (
    "Goodfellow, I., Pouget-Abadie, J., Mirza, M., Xu, B., Warde-Farley, D., "
    "Ozair, S., Courville, A., & Bengio, Y. (2014). Generative adversarial "
    "nets. In Neural information processing systems.")

# Edward's pages for the other two adversarial classes.
OTHER_PAGES = {
    "GANInference": {
        "aliases": ["Class ed.GANInference",
                    "Class ed.inferences.GANInference"],
        "arg_types": {
            "__init__": [("data", "dict"), ("discriminator", "function")],
            "initialize": SEED_PAGE["arg_types"]["initialize"],
            "update": SEED_PAGE["arg_types"]["update"],
        },
        "references": [GOODFELLOW_2014],
    },
    "WGANInference": {
        "aliases": ["Class ed.WGANInference",
                    "Class ed.inferences.WGANInference"],
        "arg_types": {
            "initialize": [("penalty", "float"), ("clip", "float")],
        },
        # Edward's page cites all three: the class, and initialize's penalty.
        "references": [
            "Arjovsky, M., Chintala, S., & Bottou, L. (2017). Wasserstein "
            "GAN. In International conference on machine learning.",
            GOODFELLOW_2014,
            "Gulrajani, I., Ahmed, F., Arjovsky, M., Dumoulin, V., & "
            "Courville, A. (2017). Improved training of Wasserstein GANs. "
            "arXiv preprint arXiv:1704.00028.",
        ],
    },
}


def normalized(text):
  return " ".join(text.split())


def signature_text(name, parameters):
  """Edward's signature as text, from SEED_SIGNATURES' data."""
  pieces = []
  for parameter, default in parameters:
    if default is _EMPTY:
      pieces.append(parameter)
    else:
      pieces.append("{}={!r}".format(parameter, default))
  return "{}({})".format(name, ", ".join(pieces))


class ApiPage(object):
  """The parts of a generated class page that Edward's page had."""

  def __init__(self, html):
    soup = bs4.BeautifulSoup(html, "html.parser")
    self.article = soup.find("article")
    self.text = normalized(self.article.get_text(" "))

  def headings(self, level):
    return [normalized(h.get_text(" ")).rstrip(" ¶")
            for h in self.article.find_all(level)]

  def paragraph_starting(self, prefix):
    for paragraph in self.article.find_all("p"):
      text = normalized(paragraph.get_text(" "))
      if text.startswith(prefix):
        return paragraph, text
    raise AssertionError("no paragraph starts with {!r}".format(prefix))

  def aliases(self):
    heading = self.article.find(
        lambda tag: tag.name == "h3" and tag.get_text().startswith("Aliases"))
    return [normalized(item.get_text(" "))
            for item in heading.find_next("ul").find_all("li")]

  def methods(self):
    """{name: its div}, in page order, under the Methods heading."""
    found = collections.OrderedDict()
    for div in self.article.find_all("div", class_="doc-function"):
      name = normalized(div.find(class_="doc-function-name").get_text())
      found[name] = div
    return found

  @staticmethod
  def signature(method_div):
    return normalized(method_div.find(class_="doc-signature").get_text(" "))

  @staticmethod
  def section_items(method_div, title):
    """The items of a method's "Args:" / "Returns:" list, as text."""
    contents = method_div.find(class_="doc-contents")
    for span in contents.find_all("span", class_="doc-section-title"):
      if span.get_text().strip() == title:
        return [normalized(li.get_text(" "))
                for li in span.find_next("ul").find_all("li")]
    raise AssertionError("no section {!r}".format(title))


@pytest.fixture(scope="module")
def bigan_page(built_site):
  return ApiPage(built_site.html("api/ed/BiGANInference"))


def test_title_class_line_and_base(bigan_page):
  assert bigan_page.headings("h1") == [SEED_PAGE["title"]]
  assert SEED_PAGE["class_line"] in bigan_page.headings("h2")
  paragraph, text = bigan_page.paragraph_starting("Inherits From:")
  assert text == "Inherits From: " + SEED_PAGE["inherits_from"]
  # The base class is a link to its own page.
  assert paragraph.find("a")["href"].rstrip("/").endswith("GANInference")


def test_aliases_and_defined_in(bigan_page):
  assert bigan_page.aliases() == SEED_PAGE["aliases"]
  _, text = bigan_page.paragraph_starting("Defined in")
  assert text == "Defined in {} .".format(SEED_PAGE["defined_in"])


def test_summary_sections_and_example(bigan_page):
  assert bigan_page.text.startswith(
      "ed.BiGANInference ¶ Class BiGANInference ¶")
  assert ("Adversarially Learned Inference (Dumoulin et al., 2017) or "
          "Bidirectional Generative Adversarial Networks") in bigan_page.text
  headings = (bigan_page.headings("h2") + bigan_page.headings("h5") +
              bigan_page.headings("h6"))
  for section in SEED_PAGE["sections"]:
    assert section in headings, section
  example = bigan_page.article.find(
      lambda tag: tag.name == "h5" and tag.get_text().startswith("Examples"))
  code = normalized(example.find_next("pre").get_text(" "))
  assert re.sub(r"\s*([(){}:,.])\s*", r"\1", code) == re.sub(
      r"\s*([(){}:,.])\s*", r"\1", SEED_PAGE["example"])
  for reference in SEED_PAGE["references"]:
    assert normalized(reference) in bigan_page.text, reference


def test_methods_in_edwards_order_with_edwards_signatures(bigan_page):
  methods = bigan_page.methods()
  assert list(methods) == SEED_PAGE["methods"]
  for name, parameters in SEED_SIGNATURES["BiGANInference"].items():
    shown = re.sub(r"\s*([(),=*])\s*", r"\1",
                   bigan_page.signature(methods[name]))
    expected = re.sub(r"\s*([(),=*])\s*", r"\1",
                      signature_text(name, parameters))
    assert shown == expected, name


@pytest.mark.parametrize("method", sorted(SEED_PAGE["arg_types"]))
def test_documented_arguments_and_their_types(bigan_page, method):
  items = bigan_page.section_items(bigan_page.methods()[method], "Args:")
  by_name = {item.split(" – ")[0]: item for item in items}
  for argument, type_text in SEED_PAGE["arg_types"][method]:
    assert by_name[argument].startswith(
        "{} – {}.".format(argument, type_text)), by_name[argument]


def test_update_returns_a_dict_and_counts_every_call(bigan_page):
  update = bigan_page.methods()["update"]
  returns = bigan_page.section_items(update, "Returns:")
  assert len(returns) == 1
  assert returns[0].lstrip("– ").startswith(SEED_PAGE["update_returns"] + ".")
  assert "total number of calls to update" in normalized(update.get_text(" "))


def test_run_lists_its_eight_steps(bigan_page):
  run = bigan_page.methods()["run"]
  steps = run.find(class_="doc-contents").find("ol").find_all("li")
  assert len(steps) == SEED_PAGE["run_steps"]
  assert normalized(steps[0].get_text(" ")).startswith("Initialize")
  assert normalized(steps[-1].get_text(" ")) == "(Optional) Stop queue runners."


@pytest.mark.parametrize("cls", sorted(OTHER_PAGES))
def test_gan_and_wgan_pages(built_site, cls):
  page = ApiPage(built_site.html("api/ed/" + cls))
  assert page.headings("h1") == ["ed." + cls]
  assert page.aliases() == OTHER_PAGES[cls]["aliases"]
  _, inherits = page.paragraph_starting("Inherits From:")
  assert inherits == "Inherits From: " + BASES[cls]
  _, defined = page.paragraph_starting("Defined in")
  assert defined == "Defined in edward_lite/inferences/{} .".format(
      DEFINED_IN[cls])
  methods = page.methods()
  for name, parameters in SEED_SIGNATURES[cls].items():
    shown = re.sub(r"\s*([(),=*])\s*", r"\1", page.signature(methods[name]))
    assert shown == re.sub(r"\s*([(),=*])\s*", r"\1",
                           signature_text(name, parameters)), (cls, name)
  for method, arguments in OTHER_PAGES[cls]["arg_types"].items():
    items = page.section_items(methods[method], "Args:")
    by_name = {item.split(" – ")[0]: item for item in items}
    for argument, type_text in arguments:
      assert by_name[argument].startswith(
          "{} – {}.".format(argument, type_text)), (cls, by_name[argument])
  for reference in OTHER_PAGES[cls]["references"]:
    assert normalized(reference) in page.text, (cls, reference)


# Written out here, not taken from the hook, so that the two can disagree.
PUBLIC_MODULES = [("ed", ed), ("ed.criticisms", ed.criticisms),
                  ("ed.inferences", ed.inferences),
                  ("ed.models", ed.models), ("ed.util", ed.util),
                  ("edward_lite.datasets", edward_lite.datasets),
                  ("edward_lite.upgrade", edward_lite.upgrade)]


def expected_pages():
  """{page title: object} for every public class and function."""
  titles = {}
  seen = set()
  for prefix, module in PUBLIC_MODULES:
    for name in module.__all__:
      obj = getattr(module, name)
      if not (inspect.isclass(obj) or inspect.isfunction(obj)):
        continue
      if id(obj) not in seen:
        seen.add(id(obj))
        titles["{}.{}".format(prefix, name)] = obj
  return titles


def test_one_page_per_public_class_and_function(built_site):
  expected = expected_pages()
  for title, obj in expected.items():
    path = "api/" + title.replace(".", "/")
    page = ApiPage(built_site.html(path))
    assert page.headings("h1") == [title]
    if inspect.isclass(obj):
      assert "Class " + obj.__name__ in page.headings("h2")
  # Edward's ed.random_variables() is a function with its own page.
  assert "ed.random_variables" in expected
  assert callable(ed.random_variables)
  # So is every criticism; the ANOMALY_KINDS constant has none.
  assert {t for t in expected if t.startswith("ed.criticisms.")} == {
      "ed.criticisms." + name for name in ed.criticisms.__all__
      if name != "ANOMALY_KINDS"}


def test_function_pages_show_the_signature(built_site):
  page = ApiPage(built_site.html("api/ed/get_variables"))
  first_code = normalized(page.article.find("pre").get_text(" "))
  assert re.sub(r"\s*([(),=])\s*", r"\1", first_code) == (
      "get_variables(x,collection=None)")
  assert page.aliases() == ["ed.get_variables", "ed.util.get_variables"]
