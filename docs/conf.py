"""Sphinx configuration: MyST Markdown pages and an API reference generated from docstrings."""

from importlib.metadata import version as _version

project = "outsourcing"
author = "The outsourcing developers"
copyright = "2026, the outsourcing developers"
release = _version("outsourcing")

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_inventories"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# Every cross-reference must resolve. References to other projects resolve through small
# inventories kept in docs/_inventories (written by its regenerate.py, with each project's real
# addresses), so the build needs no network.
nitpicky = True
intersphinx_mapping = {
    name: (url, f"_inventories/{name}.inv")
    for name, url in {
        "python": "https://docs.python.org/3/",
        "attrs": "https://www.attrs.org/en/stable/",
        "hypothesis": "https://hypothesis.readthedocs.io/en/latest/",
        "dateutil": "https://dateutil.readthedocs.io/en/stable/",
        "pyarrow": "https://arrow.apache.org/docs/",
    }.items()
}
nitpick_ignore = [
    # The type variable of json.loads/load/from_dict (`type: type[T]) -> T`): it says "an object
    # of the class you passed", which the docstrings say in words; it is no object to link to.
    ("py:class", "outsourcing.json.T"),
    # The same type variable where the JSON Lines functions are written down.
    ("py:class", "outsourcing._io.lines.T"),
    ("py:obj", "outsourcing._io.lines.T"),
    # The type variable of the lookups' ``default=`` (``-> Partner | D``): "whatever you passed".
    ("py:class", "outsourcing._models.contract.D"),
]

html_theme = "alabaster"
html_title = "outsourcing"
