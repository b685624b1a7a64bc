"""English catalogue (locale/en): complete, not fuzzy, compiled, and the key UI strings are right.

Vietnamese is the source language (msgids are Vietnamese); English is the second language.
The .po is read with a small parser below so the tests need neither polib nor gettext tools.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|\{\{\s*\w+\s*\}\}")


@dataclass
class Entry:
    """One message of a .po file."""

    line: int
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return f"django.po:{self.line} {self.msgid!r}"


def _unquote(token: str) -> str:
    body = token.strip()
    if len(body) < 2 or not (body.startswith('"') and body.endswith('"')):
        raise ValueError(f"bad string literal: {token!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], body[1:-1])


def parse_po(text: str) -> list[Entry]:
    """Parse the .po format that gettext tools write; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    flags: set[str] = set()
    target: tuple[str, int] | None = None  # the string that continuation lines extend
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target, flags = None, None, set()
        elif line.startswith("#"):
            if entry is not None and entry.msgstr:
                entry, target = None, None  # comments open the next entry
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith('"'):
            if entry is None or target is None:
                raise ValueError(f"line {number}: string outside an entry")
            extended, plural_index = target
            if extended == "msgstr":
                entry.msgstr[plural_index] += _unquote(line)
            else:
                setattr(entry, extended, (getattr(entry, extended) or "") + _unquote(line))
        else:
            match = _KEYWORD.match(line)
            if match is None:
                raise ValueError(f"line {number}: cannot parse {raw!r}")
            keyword, index, literal = match.groups()
            if keyword in {"msgctxt", "msgid"} and (entry is None or entry.msgstr):
                entry, flags = Entry(line=number, flags=flags), set()
                entries.append(entry)
            if entry is None:
                raise ValueError(f"line {number}: {keyword} outside an entry")
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = _unquote(literal)
            else:
                target = (keyword, 0)
                setattr(entry, keyword, _unquote(literal))
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(PO.read_text("utf-8"))


@pytest.fixture(scope="module")
def messages(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if entry.msgid != ""]


def test_parser_reads_plurals_contexts_and_continuation_lines() -> None:
    # given: a small catalogue in the format makemessages writes
    text = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid "%(counter)s mục"\nmsgid_plural "%(counter)s mục"\n'
        'msgstr[0] "%(counter)s entry"\nmsgstr[1] "%(counter)s entries"\n\n'
        'msgctxt "nav"\nmsgid ""\n"Tổ "\n"chức"\nmsgstr "Organisation"\n\n'
        '#, fuzzy\nmsgid "Lọc"\nmsgstr ""\n\n'
        '#~ msgid "cũ"\n#~ msgstr "old"\n'
    )

    # when: it is parsed
    header, plural, context, fuzzy = parse_po(text)

    # then: each part lands in the right field
    assert header.msgid == ""
    assert header.msgstr == {0: "Language: en\n"}
    assert plural.msgid_plural == "%(counter)s mục"
    assert plural.msgstr == {0: "%(counter)s entry", 1: "%(counter)s entries"}
    assert plural.flags == {"python-format"}
    assert (context.msgctxt, context.msgid, context.msgstr) == (
        "nav",
        "Tổ chức",
        {0: "Organisation"},
    )
    assert "fuzzy" in fuzzy.flags
    assert fuzzy.msgstr == {0: ""}


def test_catalogue_has_messages_and_an_english_header(entries: list[Entry]) -> None:
    # given: the parsed English catalogue
    header = next(entry for entry in entries if entry.msgid == "")

    # then: it declares English, UTF-8 and English plural rules, and holds the UI strings
    assert "Language: en\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    assert len(entries) > 100


def test_no_entry_is_untranslated_or_fuzzy(entries: list[Entry], messages: list[Entry]) -> None:
    # given: every message of the catalogue
    # when: looking for empty translations and fuzzy flags (the header included)
    empty = [e.label for e in messages if not e.msgstr or any(s == "" for s in e.msgstr.values())]
    fuzzy = [e.label for e in entries if "fuzzy" in e.flags]

    # then: there are none
    assert empty == []
    assert fuzzy == []


def test_plural_entries_have_both_english_forms(messages: list[Entry]) -> None:
    # given: the plural messages
    plurals = [entry for entry in messages if entry.msgid_plural is not None]
    assert plurals != []

    # then: each has exactly msgstr[0] (one) and msgstr[1] (other)
    assert [e.label for e in plurals if sorted(e.msgstr) != [0, 1]] == []


def test_placeholders_are_kept(messages: list[Entry]) -> None:
    # given: every message and its translation(s)
    # when: comparing the named placeholders of source and translation
    mismatched = [
        entry.label
        for entry in messages
        for translated in entry.msgstr.values()
        if set(_PLACEHOLDER.findall(entry.msgid)) != set(_PLACEHOLDER.findall(translated))
    ]

    # then: none was dropped, renamed or invented
    assert mismatched == []


class _Missing(gettext.NullTranslations):
    """Fallback that records every lookup the compiled catalogue could not answer."""

    def __init__(self) -> None:
        super().__init__()
        self.missed: list[str] = []

    def gettext(self, message: str) -> str:
        self.missed.append(message)
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self.missed.append(msgid1)
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        self.missed.append(f"{context}\x04{message}")
        return message

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        self.missed.append(f"{context}\x04{msgid1}")
        return msgid1 if n == 1 else msgid2


def test_compiled_catalogue_matches_the_po(messages: list[Entry]) -> None:
    # given: the compiled .mo, with a fallback that records misses
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    missing = _Missing()
    compiled.add_fallback(missing)

    # when: every message of the .po is looked up in it
    stale: list[str] = []
    for entry in messages:
        if entry.msgid_plural is None:
            got = (
                compiled.gettext(entry.msgid)
                if entry.msgctxt is None
                else compiled.pgettext(entry.msgctxt, entry.msgid)
            )
            expected = entry.msgstr[0]
            if got != expected:
                stale.append(f"{entry.label}: .mo has {got!r}, .po has {expected!r}")
            continue
        for n, index in ((1, 0), (2, 1)):
            got = (
                compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                if entry.msgctxt is None
                else compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            )
            if got != entry.msgstr[index]:
                stale.append(
                    f"{entry.label}[{index}]: .mo has {got!r}, .po has {entry.msgstr[index]!r}"
                )

    # then: the .mo answers every one with the .po's translation (else run compilemessages)
    assert missing.missed == []
    assert stale == []


@pytest.mark.parametrize(
    ("vietnamese", "english"),
    [
        ("Tổ chức", "Organisation"),
        ("Đăng nhập", "Log in"),
        ("Đăng xuất", "Log out"),
        ("Sổ ủy quyền", "Delegation register"),
        ("Tổng quan", "Overview"),
        ("Danh mục", "Reference data"),
        ("Nhật ký kiểm toán", "Audit log"),
        ("Cơ cấu tổ chức", "Organisational structure"),
        ("Tiếng Việt", "Vietnamese"),
        ("English", "English"),
    ],
)
def test_key_ui_strings_translate_to_english(vietnamese: str, english: str) -> None:
    # given: the English language is active
    with translation.override("en"):
        # when: a key UI string is translated
        translated = translation.gettext(vietnamese)

    # then: it reads as chosen for the English interface
    assert translated == english


def test_plural_ui_strings_translate_to_english() -> None:
    # given: the English language is active
    with translation.override("en"):
        # when: counts are rendered through the plural catalogue
        one = translation.ngettext("%(counter)s người", "%(counter)s người", 1) % {"counter": 1}
        many = translation.ngettext("%(counter)s người", "%(counter)s người", 3) % {"counter": 3}

    # then: English singular and plural forms are used
    assert (one, many) == ("1 person", "3 people")


def test_vietnamese_stays_the_source_language() -> None:
    # given: Vietnamese is active
    with translation.override("vi"):
        # when: a UI string is translated
        translated = translation.gettext("Tổ chức")

    # then: the Vietnamese msgid is shown unchanged
    assert translated == "Tổ chức"
