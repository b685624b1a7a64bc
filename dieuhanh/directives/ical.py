"""The iCalendar feed of one's deadlines, written by hand to RFC 5545.

Each open task is one all-day VEVENT on its current deadline, with a UID that never changes
(`task-<id>@dieuhanh`), so a calendar app moves the event when the deadline is extended
instead of adding a second one; SEQUENCE is the task's version. Text values are escaped
(backslash, semicolon, comma, newlines — §3.3.11) and lines are folded at 75 octets without
splitting a UTF-8 character (§3.1); lines end with CRLF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LINE_OCTETS = 75
UID_DOMAIN = "dieuhanh"


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, every newline written as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> list[str]:
    """One content line folded into physical lines of at most 75 octets; continuation lines
    start with a space. A multi-byte character is never split."""
    result: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            result.append(current)
            current, size, limit = " ", 1, LINE_OCTETS
        current += char
        size += width
    result.append(current)
    return result


def _date(day: dt.date) -> str:
    return f"{day:%Y%m%d}"


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Event:
    """An all-day event on a task's deadline."""

    task_id: int
    day: dt.date
    summary: str
    description: str
    url: str
    sequence: int
    stamp: dt.datetime

    @property
    def uid(self) -> str:
        return f"task-{self.task_id}@{UID_DOMAIN}"

    def lines(self) -> list[str]:
        return [
            "BEGIN:VEVENT",
            f"UID:{self.uid}",
            f"DTSTAMP:{_stamp(self.stamp)}",
            f"DTSTART;VALUE=DATE:{_date(self.day)}",
            f"DTEND;VALUE=DATE:{_date(self.day + dt.timedelta(days=1))}",
            f"SEQUENCE:{self.sequence}",
            f"SUMMARY:{escape_text(self.summary)}",
            f"DESCRIPTION:{escape_text(self.description)}",
            f"URL:{self.url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]


def calendar(name: str, events: Iterable[Event]) -> str:
    """A whole VCALENDAR with its events, folded, lines ending with CRLF."""
    lines: Sequence[str] = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Dieu hanh//Han nhiem vu//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        *(line for event in events for line in event.lines()),
        "END:VCALENDAR",
    ]
    return "".join(f"{physical}\r\n" for line in lines for physical in fold(line))
