"""deadlines: compliance deadlines for Chinese standardization work.

The package is split in two: `deadlines.core` computes (calendars, periods,
schedules) and imports no textual, click or tinydb; everything else (store,
CLI, TUI, mail) is built around it.
"""

__version__ = "0.1.0"
