"""The domain core: calendars, periods, parsing, schedules.

Nothing under `deadlines.core` imports textual, click or tinydb (a test checks
it), so cron jobs, scripts and tests can use the arithmetic without a UI.
"""
