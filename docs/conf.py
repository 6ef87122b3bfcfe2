"""Sphinx configuration: MyST Markdown pages and an API reference generated from docstrings."""

from importlib.metadata import version as _version

project = "outsourcing"
author = "The outsourcing developers"
copyright = "2026, the outsourcing developers"
release = _version("outsourcing")

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
nitpicky = False

html_theme = "alabaster"
html_title = "outsourcing"
