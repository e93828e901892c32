"""Tests of dealflow._text: the reports' wrapping is textwrap's, faster."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dealflow._text import wrap

_WORDS = st.text(alphabet="ab1- \t\né\x0b\x85\u2028", max_size=60)


@given(_WORDS, st.integers(1, 30), st.sampled_from(["", "  ", "      "]))
@example("a b", 7, "      ")
@example("2020-09-01 Oracle, bid b1: sale of TikTok US", 20, "")
@example("   ", 2, "")
@example("  ab  cd  ", 3, "")
@example("joint-venture of TikTok", 8, "")
@example("a -- b", 3, "")
@example("abcdef ab", 3, "  ")
def test_wrap_is_textwrap(text: str, width: int, indent: str) -> None:
    """wrap gives exactly what textwrap.wrap gives, indent included (where the indent leaves room)."""
    if width <= len(indent):
        with pytest.raises(ValueError, match="leaves no room"):
            wrap(text, width, indent)  # textwrap would loop forever on a long word
        return
    assert wrap(text, width, indent) == textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent)


def test_wrap_fills_lines_greedily() -> None:
    """A long sentence is filled greedily at spaces, never past the width."""
    text = "Oracle submitted bid b1 for TikTok US: sale, Oracle 12.5%, Walmart 7.5%, price 20,000,000,000 USD"
    lines = wrap(text, 30)
    assert lines == textwrap.wrap(text, 30)
    assert all(len(line) <= 30 for line in lines) and " ".join(lines) == text
