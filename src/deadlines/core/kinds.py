"""Every schedule kind, as one union type, and which of them count from a trigger date."""

from __future__ import annotations

from deadlines.core.cycles import Review, Validity
from deadlines.core.recurring import AfterSpan, Annual, Monthly, Span
from deadlines.core.schedules import Ban, BeforeExpiry, FixedDate, InForce, Relative, Sunset
from deadlines.core.triggered import BeforeWindow, ByExpiry, Dated, Effective, Minimum, NamedWindow, NextMonth

Schedule = (
    FixedDate
    | Relative
    | BeforeExpiry
    | Sunset
    | InForce
    | Ban
    | Annual
    | Span
    | Monthly
    | AfterSpan
    | Validity
    | Review
    | BeforeWindow
    | Dated
    | Minimum
    | NamedWindow
    | Effective
    | ByExpiry
    | NextMonth
)
NEEDS_TRIGGER = (
    Relative,
    BeforeExpiry,
    Ban,
    Validity,
    Review,
    BeforeWindow,
    Minimum,
    NamedWindow,
    Effective,
    ByExpiry,
    NextMonth,
)
"""Schedules whose dates count from a trigger date (validity and review: until the first completion)."""
