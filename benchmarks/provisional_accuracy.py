"""How well the provisional calendar forecasts the official calendars 2008–2026.

For each year it compares the rest/work status of every day with chinese-calendar's
official data. It counts the days right out of all days of the year, and out of the
days that either calendar makes differ from the plain Monday–Friday week (holidays,
weekday rest days, weekend make-up days); then it lists the days that are wrong.

Run: PYTHONPATH=src python benchmarks/provisional_accuracy.py
"""

from __future__ import annotations

from datetime import date, timedelta

from chinese_calendar import is_workday

from deadlines.core.provisional import provisional_year

YEARS = range(2008, 2027)


def compare(year: int) -> tuple[int, int, int, int, list[date]]:
    """(days right, days, special days right, special days, wrong days) for one year."""
    forecast = {e.day: e.workday for e in provisional_year(year).entries}
    days = [date(year, 1, 1) + timedelta(days=i) for i in range(date(year, 12, 31).timetuple().tm_yday)]
    right = special = special_right = 0
    wrong = []
    for d in days:
        plain = d.weekday() < 5
        official, predicted = is_workday(d), forecast.get(d, plain)
        if official == predicted:
            right += 1
        else:
            wrong.append(d)
        if official != plain or predicted != plain:
            special += 1
            special_right += official == predicted
    return right, len(days), special_right, special, wrong


def main() -> None:
    print(f"{'year':<6}{'all days':>12}{'special days':>16}  wrong days (R: officially rest, W: officially worked)")
    rows = []
    for year in YEARS:
        *counts, wrong = compare(year)
        rows.append(counts)
        right, days, special_right, special = counts
        shown = " ".join(f"{d:%m-%d}{'W' if is_workday(d) else 'R'}" for d in wrong)
        print(f"{year:<6}{right:>6}/{days:<5}{special_right:>9}/{special:<6}  {shown}")
    right, days, special_right, special = (sum(column) for column in zip(*rows, strict=True))
    print(
        f"{'total':<6}{right:>6}/{days:<5}{special_right:>9}/{special:<6}  "
        f"{right / days:.2%} of all days, {special_right / special:.1%} of special days"
    )


if __name__ == "__main__":
    main()
