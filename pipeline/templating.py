"""The reports' HTML, written through Jinja2 templates with autoescape: every value that comes from a
PDF, an edition's files or a folder's name reaches the page as text, never as markup.

The templates, their CSS and their script are package data (pipeline/templates/); the CSS and the
script are inlined when a report is written, so that each report stays one self-contained file.
"""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("pipeline", "templates"),
        autoescape=True,
        undefined=StrictUndefined,  # a value the template names but nobody passed is a bug, not ""
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.tests["list"] = lambda value: isinstance(value, list)
    environment.tests["long_list"] = long_list
    return environment


def long_list(value: Any) -> bool:
    """A list shown as one item a line rather than as chips: one of its items is a sentence."""
    return isinstance(value, list) and any(isinstance(v, str) and len(v) > 24 for v in value)


def asset(name: str) -> Markup:
    """A file of pipeline/templates/ (the reports' own CSS or script), to inline as it is."""
    environment = _environment()
    assert environment.loader is not None  # set by _environment
    return Markup(environment.loader.get_source(environment, name)[0])


def render(template: str, **values: Any) -> str:
    return _environment().get_template(template).render(**values)
