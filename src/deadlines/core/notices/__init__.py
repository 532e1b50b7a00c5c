"""Holiday notices: reading them (`parse`), and building years from them (`years`)."""

from deadlines.core.notices.parse import Notice, parse_notice
from deadlines.core.notices.sentences import FESTIVALS, Extension, Unread

__all__ = ["FESTIVALS", "Extension", "Notice", "Unread", "parse_notice"]
