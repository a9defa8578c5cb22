"""The engines that typeset synthetic editions, behind one interface, so that every pipeline test
on generated editions runs on each: `reportlab` (our own typesetter, generator.py) and `writer`
(LibreOffice Writer, writer.py)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Callable

from .content import Content


@dataclass(frozen=True)
class Engine:
    name: str
    variations: Callable[[], list[tuple[str, Any]]]  # ("knob=value", layout) for each knob value alone
    random_layout: Callable[[random.Random], Any]
    # (content, layout, edition) -> (PDF bytes, expected records with pages, expected footnotes)
    render: Callable[[Content, Any, str], tuple[bytes, list[dict], list[dict]]]


def _reportlab_render(content: Content, layout, edition: str):
    """Its records also say, under "readings", how a cell may read where a page break hides a
    paragraph junction (hidden.py): this engine knows where its lines and pages broke."""
    from .generator import expected, hidden_readings, plan, render

    the_plan = plan(content, layout)
    records, footnotes = expected(content, layout, edition, the_plan)
    records = [{**record, "readings": readings} for record, readings in zip(records, hidden_readings(the_plan))]
    return render(content, layout, the_plan), records, footnotes


def _writer_render(content: Content, layout, edition: str):
    from .writer import render_writer  # starts LibreOffice only when first used

    return render_writer(content, layout, edition)


def _reportlab() -> Engine:
    from .layout import random_layout, single_variations

    return Engine("reportlab", single_variations, random_layout, _reportlab_render)


def _writer() -> Engine:
    from .writer_layout import random_writer_layout, writer_variations

    return Engine("writer", writer_variations, random_writer_layout, _writer_render)


ENGINES = {"reportlab": _reportlab, "writer": _writer}


def engine(name: str) -> Engine:
    if name not in ENGINES:
        raise ValueError(f"no engine {name!r}: one of {', '.join(ENGINES)}")
    return ENGINES[name]()
