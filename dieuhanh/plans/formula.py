"""A small, safe expression language for indicator formulas (never `eval`).

Grammar (whitespace is ignored):

    expression := term (("+" | "-") term)*
    term       := NUMBER | item | "(" expression ")" | "-" term
    item       := CODE ("@" ("start" | "end" | "dau" | "cuoi"))?
    CODE       := a letter followed by letters, digits, "_" or "."

A flow item is summed over the period's months. A stock item is a value at a point: `@start`
(`@dau`) is its value at the end of the month before the period (carried over), `@end`
(`@cuoi`, the default) its value at the end of the period's last month.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:[.,]\d+)?)|(?P<code>[A-Za-z][A-Za-z0-9_.]*)|(?P<op>[-+()@]))"
)


class At(StrEnum):
    """Which value of an item a reference takes."""

    PERIOD = "period"  # a flow, summed over the period
    START = "start"  # a stock at the period's start (end of the previous month)
    END = "end"  # a stock at the period's end


_SELECTORS = {"start": At.START, "dau": At.START, "end": At.END, "cuoi": At.END}


class FormulaError(ValueError):
    """A formula that cannot be parsed; says where and why, in Vietnamese."""

    def __init__(self, message: str, position: int, token: str = "") -> None:
        where = f" ở vị trí {position + 1}"
        near = f" (tại “{token}”)" if token else ""
        super().__init__(f"{message}{where}{near}.")
        self.position = position
        self.token = token


@dataclass(frozen=True)
class Ref:
    """A reference to an item, with the value it takes."""

    code: str
    at: At | None  # None: as the item's kind decides (flow: period sum; stock: end)


@dataclass(frozen=True)
class Node:
    """A parsed expression: a sum of signed terms (numbers and item references)."""

    terms: tuple[tuple[int, Ref | Decimal], ...]

    def refs(self) -> set[Ref]:
        return {term for _, term in self.terms if isinstance(term, Ref)}

    def codes(self) -> set[str]:
        return {ref.code for ref in self.refs()}

    def evaluate(self, values: Mapping[Ref, Decimal]) -> Decimal:
        """The value, given each reference's value (missing references count as 0)."""
        total = Decimal(0)
        for sign, term in self.terms:
            value = term if isinstance(term, Decimal) else values.get(term, Decimal(0))
            total += sign * value
        return total


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        position = 0
        while position < len(text):
            if text[position:].strip() == "":
                break
            match = _TOKEN.match(text, position)
            if match is None or match.end() == position:
                bad = text[position:].lstrip()[:1]
                raise FormulaError(
                    "Ký hiệu không được phép",
                    position + len(text[position:]) - len(text[position:].lstrip()),
                    bad,
                )
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind), match.start(kind)))
            position = match.end()
        self.index = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise FormulaError("Công thức kết thúc đột ngột", len(self.text))
        self.index += 1
        return token

    def expression(self, sign: int = 1) -> list[tuple[int, Ref | Decimal]]:
        terms = self.term(sign)
        while (token := self.peek()) is not None and token[1] in "+-" and token[0] == "op":
            self.take()
            terms += self.term(sign if token[1] == "+" else -sign)
        return terms

    def term(self, sign: int) -> list[tuple[int, Ref | Decimal]]:
        kind, value, position = self.take()
        if kind == "number":
            return [(sign, Decimal(value.replace(",", ".")))]
        if kind == "code":
            at: At | None = None
            following = self.peek()
            if following is not None and following[1] == "@":
                self.take()
                selector_kind, selector, selector_position = self.take()
                if selector_kind != "code" or selector.lower() not in _SELECTORS:
                    raise FormulaError(
                        "Sau “@” phải là start/dau (đầu kỳ) hoặc end/cuoi (cuối kỳ)",
                        selector_position,
                        selector,
                    )
                at = _SELECTORS[selector.lower()]
            return [(sign, Ref(value.upper(), at))]
        if value == "(":
            terms = self.expression(sign)
            closing = self.peek()
            if closing is None or closing[1] != ")":
                raise FormulaError(
                    "Thiếu dấu đóng ngoặc “)”", closing[2] if closing else len(self.text)
                )
            self.take()
            return terms
        if value == "-":
            return self.term(-sign)
        raise FormulaError("Chờ một mã chỉ tiêu, một số hoặc “(”", position, value)


def parse(text: str) -> Node:
    """Parse a formula; raise FormulaError pointing at the offending token."""
    if not text.strip():
        raise FormulaError("Công thức trống", 0)
    parser = _Parser(text)
    terms = parser.expression()
    leftover = parser.peek()
    if leftover is not None:
        raise FormulaError("Thừa ký hiệu", leftover[2], leftover[1])
    return Node(tuple(terms))


def validate(text: str, known_codes: set[str]) -> Node:
    """Parse and check that every item exists; the error names the first unknown item."""
    node = parse(text)
    for sign_term in node.terms:
        term = sign_term[1]
        if isinstance(term, Ref) and term.code not in known_codes:
            position = text.upper().find(term.code)
            raise FormulaError(
                f"Không có chỉ tiêu thống kê mã “{term.code}”", max(position, 0), term.code
            )
    return node
