"""Finding the notice inside a pasted page: its title, body and signature.

People paste whole pages: a site's header and breadcrumbs, 「发布时间：…
来源：…」, the title (sometimes twice, sometimes split over lines), the
notice, the signature 「国务院办公厅 2022年12月8日」 (on its own lines or on
the body's last line), then 责编, 相关阅读, share buttons. Everything before
the title and after the signature is ignored; without a title the notice
starts at the addressee line 「各省、自治区、直辖市人民政府…」.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from deadlines.core.textnorm import normalize, parse_number

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]+\)")
"""Pinyin some sites put after every character: 国(guó)务(wù)院."""
YEARLY_TITLE = re.compile(r"关于\s*(\d{4})\s*年\s*部分节假日安排的?通知")
SUPPLEMENT_TITLE = re.compile(
    r"国务院(?:办公厅)?关于\s*(?:(?:调整|延长)[^。:,]{0,40}?的通知|[^。:,]{0,80}?调休放假的通知)"
)
_DAY = re.compile(r"\d{1,2}月\d{1,2}日")
_ADDRESSEE = re.compile(r"各省、自治区、直辖市人民政府")
_SIGNATURE = re.compile(
    r"(?:^|(?<=[。.]))[^\u4e00-\u9fff\n]*国务院(?:办公厅)?"
    r"(?=[^\u4e00-\u9fff]*(?:$|\d{4}年|[〇○零一二三四五六七八九]{4}年|\d{1,2}月\d{1,2}日))",
    re.M,
)
_ISSUED = re.compile(
    r"(\d{4}|[〇○零一二三四五六七八九]{4})年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日"
)


@dataclass(frozen=True)
class Page:
    """The notice cut out of a pasted page."""

    title: str | None
    """The title with its spaces and line breaks removed, or None."""
    kind: str
    """'yearly' (国务院办公厅关于YYYY年部分节假日安排的通知), 'supplement', or '' when untitled."""
    title_year: int | None
    body: str
    """The text from after the title (or from the addressee line) up to the signature."""
    signed: bool
    issued: date | None
    """The date under the signature, when it has one we can read."""


def cut_page(text: str) -> Page:
    """Normalise a pasted page and cut the notice out of it."""
    norm = _PINYIN.sub("", normalize(text))
    addressee = _ADDRESSEE.search(norm)
    titles = sorted((*YEARLY_TITLE.finditer(norm), *SUPPLEMENT_TITLE.finditer(norm)), key=lambda m: m.start())
    if addressee is not None:
        # The last title before the addressee: a page may show it in its header and again above the text.
        before = [m for m in titles if m.end() <= addressee.start()]
        title = before[-1] if before else None
    else:
        title = titles[0] if titles else None
    start = title.end() if title else addressee.start() if addressee else 0
    first_date = _DAY.search(norm, start)  # the signature follows the arrangements
    signature = _SIGNATURE.search(norm, first_date.start() if first_date else start)
    end = signature.start() if signature else len(norm)
    issued = _issued(norm[signature.end() : signature.end() + 80]) if signature else None
    kind, title_year, title_text = "", None, None
    if title is not None:
        title_text = re.sub(r"\s", "", title[0])
        if title.re is YEARLY_TITLE:
            kind, title_year = "yearly", int(title[1])
            title_text = f"国务院办公厅关于{title_year}年部分节假日安排的通知"  # reposts drop words: 「…安排通知」
        else:
            kind = "supplement"
            y = re.search(r"(\d{4})年", title_text)
            title_year = int(y[1]) if y else None
    return Page(title_text, kind, title_year, norm[start:end], signature is not None, issued)


def _issued(after_signature: str) -> date | None:
    m = _ISSUED.search(after_signature)
    if m is None:
        return None
    try:
        y, mo, d = (parse_number(x.replace("○", "〇")) for x in m.groups())
        return date(y, mo, d)
    except ValueError:
        return None
