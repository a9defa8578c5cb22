"""How the tests compare text with an expected value (docs/output-contract.md)."""

from __future__ import annotations

from typing import Any, Optional

import regex

TEXT_KEYS = ("outcome_text", "timing_text", "goals_text", "sdgs_text", "results_text", "section", "action_line_title", "text")


def normalise(text: Optional[str]) -> Optional[str]:
    """Collapse whitespace and drop whitespace after a hyphen: line wraps cannot be told apart."""
    if text is None:
        return None
    return regex.sub(r"-\s+", "-", " ".join(text.split()))


def comparable(item: dict[str, Any], keys) -> dict[str, Any]:
    out = {}
    for key in keys:
        value = item.get(key)
        if key in TEXT_KEYS:
            value = normalise(value)
        elif key == "extra_columns":
            value = {label: normalise(text) for label, text in (value or {}).items()}
        out[key] = value
    return out
