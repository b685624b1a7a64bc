"""The one deadline function: calendar and working days, Vietnamese holidays, exceptions."""

import datetime as dt

import pytest

from dieuhanh.directives.deadlines import (
    WorkingCalendar,
    add_working_days,
    calendar_with,
    deadline_from,
    is_working_day,
    nth_working_day_of_month,
    public_holidays,
)
from dieuhanh.directives.models import CalendarException

PLAIN = WorkingCalendar()  # the package's holidays, no edited exceptions
D = dt.date


def test_the_package_knows_tet_2027_and_its_days_off():
    # Given the holidays of 2027: Tết (Lunar New Year) falls on Saturday 06/02/2027
    holidays = public_holidays(2027)
    # Then the days off run from 29 Tết (Thursday 04/02) to mùng 5 (Wednesday 10/02)
    assert holidays[D(2027, 2, 6)] == "Tết Nguyên Đán"
    tet = [day for day in holidays if D(2027, 2, 1) <= day <= D(2027, 2, 28)]
    assert tet == [D(2027, 2, day) for day in range(4, 11)]
    # And Labour Day on Saturday 01/05/2027 is made up on Monday 03/05/2027
    assert holidays[D(2027, 5, 3)] == "Ngày Quốc tế Lao động (nghỉ bù)"


def test_working_days_run_across_the_lunar_new_year():
    # Given a directive issued on Tuesday 02/02/2027 with 5 working days
    # When the deadline is computed
    deadline = PLAIN.deadline_from(D(2027, 2, 2), days=5, working=True)
    # Then it counts 03/02, skips Tết (04–10/02), then 11, 12, 15 and 16/02
    assert deadline == D(2027, 2, 16)


def test_working_days_skip_a_substitute_holiday():
    # Given Thursday 29/04/2027; 30/04 is a holiday, 01/05 a Saturday made up on Monday 03/05
    # When 3 working days are added
    deadline = PLAIN.deadline_from(D(2027, 4, 29), days=3, working=True)
    # Then 04, 05 and 06/05 are counted
    assert deadline == D(2027, 5, 6)


def test_hung_kings_day_on_a_sunday_is_made_up_on_monday():
    # Given Friday 24/04/2026; Hùng Kings' day is Sunday 26/04, made up on Monday 27/04
    assert not PLAIN.is_working_day(D(2026, 4, 27))
    # Then one working day later is Tuesday 28/04/2026
    assert PLAIN.add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)


def test_a_swapped_saturday_is_a_working_day():
    # Given the Government's 2026 swap: work on Saturday 22/08, rest on Monday 31/08
    assert PLAIN.is_working_day(D(2026, 8, 22))
    assert not PLAIN.is_working_day(D(2026, 8, 31))
    # Then one working day after Friday 21/08/2026 is that Saturday
    assert PLAIN.add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
    # And 2 working days after Friday 28/08 skip 31/08, 01/09 and 02/09 (National Day)
    assert PLAIN.add_working_days(D(2026, 8, 28), 2) == D(2026, 9, 4)


def test_calendar_days_ending_on_a_day_off_move_to_the_next_working_day():
    # Given 10 calendar days from Tuesday 26/01/2027: 05/02/2027 is Tết eve
    # Then the deadline moves to the first working day after Tết, Thursday 11/02/2027
    assert PLAIN.deadline_from(D(2027, 1, 26), days=10, working=False) == D(2027, 2, 11)
    # And 10 calendar days ending on a working day stay as they are
    assert PLAIN.deadline_from(D(2027, 3, 1), days=10, working=False) == D(2027, 3, 11)
    # And a period ending on a Saturday moves to Monday
    assert PLAIN.deadline_from(D(2027, 3, 1), days=5, working=False) == D(2027, 3, 8)


def test_nth_working_day_of_a_month():
    # 01/01/2027 is a Friday holiday: the 2nd working day of January is Tuesday 05/01
    assert PLAIN.nth_working_day_of_month(2027, 1, 2) == D(2027, 1, 5)
    # February 2027: 01, 02, 03, then Tết, then 11/02 is the 4th working day
    assert PLAIN.nth_working_day_of_month(2027, 2, 4) == D(2027, 2, 11)
    # February 2027 has 20 weekdays, 5 of them in Tết: 15 working days
    assert PLAIN.nth_working_day_of_month(2027, 2, 15) == D(2027, 2, 26)
    with pytest.raises(ValueError, match="không có 16 ngày làm việc"):
        PLAIN.nth_working_day_of_month(2027, 2, 16)


def test_zero_days_is_the_issue_date_and_negative_days_are_refused():
    assert PLAIN.add_working_days(D(2027, 2, 2), 0) == D(2027, 2, 2)
    with pytest.raises(ValueError, match="Số ngày phải từ 0"):
        PLAIN.deadline_from(D(2027, 2, 2), days=-1, working=True)


def test_exceptions_given_in_code_win_over_the_package():
    # Given the Government adds Wednesday 03/02/2027 as a day off and Saturday 13/02 as work
    calendar = calendar_with([(D(2027, 2, 3), False), (D(2027, 2, 13), True)])
    # Then 5 working days from 02/02/2027 are 11, 12, 13 (Saturday), 15 and 16/02
    assert calendar.deadline_from(D(2027, 2, 2), days=5, working=True) == D(2027, 2, 16)
    assert calendar.add_working_days(D(2027, 2, 2), 4) == D(2027, 2, 15)


@pytest.mark.django_db
def test_the_edited_exceptions_are_used_by_the_deadline_function():
    # Given no exceptions, 5 working days from 02/02/2027 end on 16/02
    assert deadline_from(D(2027, 2, 2), days=5, working=True) == D(2027, 2, 16)
    # When an administrator records 03/02/2027 as an extra day off
    CalendarException.objects.create(
        date=D(2027, 2, 3), kind=CalendarException.Kind.OFF, reason="Nghỉ bù (giả định)"
    )
    # Then the same deadline moves one working day later
    assert deadline_from(D(2027, 2, 2), days=5, working=True) == D(2027, 2, 17)
    assert not is_working_day(D(2027, 2, 3))
    assert add_working_days(D(2027, 2, 2), 1) == D(2027, 2, 11)
    # And a make-up Saturday counts: May 2027 starts with Labour Day and its substitute, so
    # the 5th working day is Monday 10/05, or Saturday 08/05 once it is a working day
    assert nth_working_day_of_month(2027, 5, 5) == D(2027, 5, 10)
    CalendarException.objects.create(
        date=D(2027, 5, 8), kind=CalendarException.Kind.WORKING, reason="Làm bù (giả định)"
    )
    assert nth_working_day_of_month(2027, 5, 5) == D(2027, 5, 8)
