"""Sphinx configuration for the course book (built by ``python3 kit.py book``).

``docs/book/build.py`` copies this file, ``index.md`` and ``_static/`` into a staging
folder beside the chapter notebooks, the glossary and the exercise guide, laid out as in
the repository (``notebooks/``, ``docs/``, ``exercises/``) so that the links between them
work unchanged. The notebooks are rendered with their stored outputs; nothing is executed.

Everything a page needs is in the built folder: no script, style sheet, font or formula
renderer is fetched from the network when the book is read.
"""

from __future__ import annotations

from docutils import nodes
from latex2mathml.converter import convert as latex_to_mathml
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

project = "crmkit: the course"
author = "The crmkit developers"
copyright = "The crmkit developers, MIT licence"
language = "en"

extensions = ["myst_nb", "sphinx.ext.githubpages"]  # githubpages: writes .nojekyll
root_doc = "index"
exclude_patterns = [
    "exercises/[0-9]*.ipynb",  # the students' exercise notebooks: downloads, not pages
    "**/.ipynb_checkpoints",
]

# --- notebooks: rendered as stored, never executed ---------------------------------
nb_execution_mode = "off"
nb_merge_streams = True
# Widgets: the book has no kernel and must not load the widget manager from a CDN, so a
# widget shows its static text/html (the self-checks give one: questions with answers in
# collapsible blocks) or else its text/plain form, never an empty widget view.
nb_ipywidgets_js: dict[str, dict[str, str]] = {}
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", 110),  # after text/plain (100)
    ("html", "application/javascript", None),
]
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3
myst_dmath_double_inline = True
suppress_warnings = ["myst.header"]  # chapters go from a title straight to ### asides

# --- HTML ------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "crmkit: the course"
html_static_path = ["_static"]
html_css_files = ["book.css"]
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "use_download_button": True,  # the .ipynb of each chapter, from the book itself
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_source_button": False,
    "use_edit_page_button": False,
    "use_issues_button": False,
    "launch_buttons": {},
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "home_page_in_toc": True,
}
html_math_renderer = "mathml"


# --- formulas as MathML, rendered by the browser itself (no MathJax from a CDN) ---------
def _visit_math(self, node: nodes.Element) -> None:
    self.body.append(
        f'<span class="math notranslate">{latex_to_mathml(node.astext(), display="inline")}</span>'
    )
    raise nodes.SkipNode


def _visit_displaymath(self, node: nodes.Element) -> None:
    self.body.append(
        f'<div class="math notranslate">{latex_to_mathml(node.astext(), display="block")}</div>\n'
    )
    raise nodes.SkipNode


# --- a link to an exercise notebook downloads it ----------------------------------------
class NotebookLinksOutsideTheBook(SphinxTransform):
    """Turn a link to an excluded notebook (an exercise set) into a download link.

    MyST takes any ``.ipynb`` path for a page of the book; the exercise sets are excluded
    from the pages (students need the file, not a rendering), so their links would break.
    """

    default_priority = 200

    def apply(self, **kwargs) -> None:
        for node in list(self.document.findall(addnodes.pending_xref)):
            target = node.get("reftarget", "")
            if node.get("refdomain") != "doc" or target in self.env.found_docs:
                continue
            if not (self.env.srcdir / f"{target}.ipynb").is_file():
                continue
            download = addnodes.download_reference(
                "",
                "",
                *node.children,
                refdomain=None,
                reftarget=f"/{target}.ipynb",
                refdoc=node.get("refdoc", self.env.docname),
                reftype="myst",
                refexplicit=True,
                classes=["xref", "download", "myst"],
            )
            node.replace_self(download)


def setup(app):
    app.add_html_math_renderer("mathml", (_visit_math, None), (_visit_displaymath, None))
    app.add_transform(NotebookLinksOutsideTheBook)
