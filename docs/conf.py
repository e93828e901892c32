"""Sphinx configuration of dealflow's API reference (built by CI with warnings as errors)."""

from __future__ import annotations

import dealflow

project = "dealflow"
author = "dealflow developers"
copyright = "2026, dealflow developers"  # (Sphinx reads this name)
release = dealflow.__version__
version = release

extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.intersphinx"]
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_class_signature = "separated"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True  # "Attributes:" as field lists: no duplicate entries beside attrs' fields
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_title = f"dealflow {release}"
suppress_warnings: list[str] = []
