"""Folding Vietnamese text for search, and highlighting matches in the original text.

`fold("Quản lý, CHỈ ĐẠO")` is "quan ly, chi dao": đ/Đ become d, every diacritic is removed
(Unicode NFD, combining marks dropped) and case is folded. Both the index and the query are
folded the same way, so "quan ly chi dao", "QUẢN LÝ" and "quản lý" find the same text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """The text without diacritics, with đ as d, case-folded."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.cache
def _fold_char(char: str) -> str:
    return fold(char)


def fold_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """The folded text and, for each of its characters, the index of the original character."""
    pieces = [_fold_char(char) for char in text]
    folded = "".join(pieces)
    if len(folded) == len(text) and "" not in pieces:
        # Every character folded to exactly one (precomposed text): offsets are the identity.
        return folded, range(len(text))
    offsets: list[int] = []
    for index, piece in enumerate(pieces):
        offsets.extend([index] * len(piece))
    return folded, offsets


def query_terms(query: str) -> list[str]:
    """The folded words of a query, in order, without repeats."""
    return list(dict.fromkeys(_WORD.findall(fold(query))))


@dataclass(frozen=True)
class Segment:
    """A piece of text, marked when it matched the query."""

    text: str
    match: bool


@dataclass(frozen=True)
class Highlighted:
    """Text cut into segments; `html` renders the matches in <mark>."""

    segments: tuple[Segment, ...]

    @property
    def html(self) -> SafeString:
        parts = [
            f"<mark>{conditional_escape(s.text)}</mark>" if s.match else conditional_escape(s.text)
            for s in self.segments
        ]
        return mark_safe("".join(parts))  # noqa: S308 — every piece is escaped above

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def matches(self) -> list[str]:
        return [s.text for s in self.segments if s.match]


def _pattern(terms: list[str], *, prefix_last: bool) -> re.Pattern[str] | None:
    if not terms:
        return None
    last = terms[-1] if prefix_last else None
    alternatives = [
        re.escape(term) + (r"\w*" if term == last else r"(?!\w)")
        for term in sorted(terms, key=len, reverse=True)
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


def match_spans(text: str, terms: list[str], *, prefix_last: bool = True) -> list[tuple[int, int]]:
    """Spans of the original text whose folded form is one of the terms (the last as a prefix)."""
    pattern = _pattern(terms, prefix_last=prefix_last)
    if pattern is None or not text:
        return []
    folded, offsets = fold_with_offsets(text)
    spans = []
    for found in pattern.finditer(folded):
        start, end = found.span()
        if end > start:
            # Up to the next character that folds to something: combining marks of a
            # decomposed original stay inside the match.
            spans.append((offsets[start], offsets[end] if end < len(offsets) else len(text)))
    return spans


def highlight(
    text: str, terms: list[str], *, window: int | None = None, prefix_last: bool = True
) -> Highlighted:
    """`text` with its matches marked; with `window`, only about that many characters around
    the first match, cut at spaces, with an ellipsis where text was left out."""
    spans = match_spans(text, terms, prefix_last=prefix_last)
    start, end = 0, len(text)
    if window is not None and len(text) > window:
        centre = spans[0][0] if spans else 0
        start = max(0, centre - window // 3)
        end = min(len(text), start + window)
        start = max(0, min(start, end - window))
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < (spans[0][0] if spans else end) else start
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
    segments: list[Segment] = []
    if start > 0:
        segments.append(Segment("…", match=False))
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start > cursor:
            segments.append(Segment(text[cursor:span_start], match=False))
        segments.append(Segment(text[span_start:span_end], match=True))
        cursor = span_end
    if cursor < end:
        segments.append(Segment(text[cursor:end], match=False))
    if end < len(text):
        segments.append(Segment("…", match=False))
    return Highlighted(tuple(segments))
