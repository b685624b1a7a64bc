"""Comparing two versions of a guidance document, section by section (difflib).

Sections are matched by their key, which a section keeps from version to version when a new
version is compiled; a section only in the newer version is "added", only in the older one
"removed", in both with a different topic, work area or body "changed". Bodies are compared by
line, and lines replaced one for one also word by word, so a reader sees exactly what moved.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from dieuhanh.knowledge.models import GuidanceSection, GuidanceVersion

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Word:
    """A piece of a changed line: kept, inserted or deleted."""

    tag: str  # "equal", "insert" or "delete"
    text: str


@dataclass(frozen=True)
class Line:
    """A line of a section body in the comparison."""

    tag: str  # "equal", "insert" or "delete"
    text: str
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class SectionChange:
    """How one section differs between the two versions."""

    kind: str  # "added", "removed", "changed" or "unchanged"
    before: GuidanceSection | None
    after: GuidanceSection | None
    lines: tuple[Line, ...] = ()
    topic_changed: bool = False
    area_changed: bool = False

    @property
    def section(self) -> GuidanceSection:
        found = self.after or self.before
        assert found is not None  # noqa: S101 — one side always exists
        return found


@dataclass(frozen=True)
class Comparison:
    """Two versions and their section-level differences, newer order first."""

    older: GuidanceVersion
    newer: GuidanceVersion
    changes: list[SectionChange] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def changed(self) -> int:
        return self.count("changed")


def _words(before: str, after: str) -> tuple[Word, ...]:
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    words: list[Word] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            words.append(Word("equal", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            words.append(Word("delete", "".join(old[i1:i2])))
        if j2 > j1:
            words.append(Word("insert", "".join(new[j1:j2])))
    return tuple(words)


def diff_lines(before: str, after: str) -> tuple[Line, ...]:
    """The lines of `after` against `before`, with word-level detail on one-for-one changes."""
    old, new = before.splitlines(), after.splitlines()
    lines: list[Line] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines.extend(Line("equal", text) for text in old[i1:i2])
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for old_line, new_line in zip(old[i1:i2], new[j1:j2], strict=True):
                words = _words(old_line, new_line)
                lines.append(Line("delete", old_line, words))
                lines.append(Line("insert", new_line, words))
        else:
            lines.extend(Line("delete", text) for text in old[i1:i2])
            lines.extend(Line("insert", text) for text in new[j1:j2])
    return tuple(lines)


def _sections(version: GuidanceVersion) -> list[GuidanceSection]:
    return list(version.sections.select_related("work_area").order_by("order", "id"))


def compare_versions(first: GuidanceVersion, second: GuidanceVersion) -> Comparison:
    """Compare two versions of one document (in either order; the older is the base)."""
    older, newer = sorted((first, second), key=lambda v: v.number)
    before = {s.key: s for s in _sections(older)}
    after = _sections(newer)
    changes: list[SectionChange] = []
    for section in after:
        old = before.pop(section.key, None)
        if old is None:
            changes.append(SectionChange("added", None, section, diff_lines("", section.body)))
            continue
        topic_changed = old.topic != section.topic
        area_changed = old.work_area_id != section.work_area_id
        kind = (
            "changed" if topic_changed or area_changed or old.body != section.body else "unchanged"
        )
        changes.append(
            SectionChange(
                kind,
                old,
                section,
                diff_lines(old.body, section.body) if kind == "changed" else (),
                topic_changed=topic_changed,
                area_changed=area_changed,
            )
        )
    changes.extend(
        SectionChange("removed", old, None, diff_lines(old.body, "")) for old in before.values()
    )
    return Comparison(older=older, newer=newer, changes=changes)
