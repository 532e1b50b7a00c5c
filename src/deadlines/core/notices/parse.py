"""Reading a holiday notice, as pasted, completely or not at all.

`parse_notice` reads 国务院办公厅关于YYYY年部分节假日安排的通知 (a *yearly*
notice, in every wording since 2008) and the *supplementary* notices that
change one festival of a year already arranged (国务院关于…70周年纪念日调休放假的
通知, 国务院办公厅关于调整2019年劳动节假期安排的通知, …关于延长2020年春节假期的通知).

Completeness is checked, not assumed: every sentence with a date is read
or reported (`sentences.py`); the festivals the preamble announces
(「现将2012年元旦、春节、清明节…安排通知如下」) must all have a section; a line of
sections that does not start with a festival, a dated sentence between
「…通知如下。」 and the first section, an arrangement after the closing
paragraph, and a text that stops mid-sentence are reported. Anything
reported refuses the notice (NoticeParseError quoting it) unless the caller
asks for a partial reading, which keeps what was read and lists the rest.
Under a yearly title every one of the seven festivals must have a section;
an untitled text with only some of them is not a yearly notice, and is
kept as a supplementary one (laid over the year, never replacing it).

A date without a year belongs to the notice's year, except a 12月 date in
the 元旦 section (the year before). Days outside the notice's year keep their
real dates: the caller decides which year's calendar they go to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from deadlines.core.caldata import FIRST_YEAR, LAST_YEAR, DayEntry
from deadlines.core.errors import NoticeParseError
from deadlines.core.i18n import Text
from deadlines.core.notices.dates import DATE
from deadlines.core.notices.page import Page, cut_page
from deadlines.core.notices.sentences import FESTIVALS, SETS_DAYS, Extension, Section, Unread, agrees, read_section

_NAMES = "|".join(FESTIVALS)
_HEADER = re.compile(
    rf"(?:[一二三四五六七八九十]+、)?((?:{_NAMES})(?:[、和](?:{_NAMES}))*):|[一二三四五六七八九十]+、((?:{_NAMES})(?:、(?:{_NAMES}))*)(?=\d)"
)
_ORDINAL_LINE = re.compile(r"^[^\u4e00-\u9fff]*[一二三四五六七八九十]+、")
_COMBINED = {"中秋节", "国庆节"}
_ANNOUNCED = re.compile(rf"((?:(?:{_NAMES}|“?五一”?国际劳动节|国际劳动节)[、和,]*){{2,}})放假")
_AS_FOLLOWS = re.compile(r"如下")
_CLOSING = re.compile(
    r"^[^\u4e00-\u9fff]*(?:(?:[一二三四五六七八九十]+、)?[\u4e00-\u9fff]{0,8}期间|国务院办公厅要求|通知要求|鼓励)"
)
_PREAMBLE_YEAR = re.compile(r"(?:现将|经国务院批准,)(\d{4})年")
_FULL_DATE_YEAR = re.compile(r"(\d{4})年\d{1,2}月\d{1,2}日")
_CUT = re.compile(r"^\d{1,2}$|^[一二三四五六七八九十]+、|\d月$|\d日$|[至、,(]$|放假|上班|公休")


@dataclass(frozen=True)
class Notice:
    """What one notice says: the days it sets, and where it came from."""

    year: int
    title: str
    kind: Literal["yearly", "supplement", "legacy"]
    """A yearly notice, a supplementary one, or a user calendar kept from before notices were stored."""
    issued: date | None
    entries: tuple[DayEntry, ...]
    """Every day of every holiday block (weekends included) and every 上班 day,
    sorted by date; some may fall in the year before."""
    extension: Extension | None = None
    unread: tuple[Unread, ...] = ()
    """What a partial reading left out (empty for a complete one)."""

    @property
    def key(self) -> str:
        """The same notice imported twice has the same key (a repost replaces the earlier paste)."""
        return f"{self.year}-{self.kind}" if self.kind != "supplement" else f"{self.year}-{self.title}"

    @property
    def years(self) -> tuple[int, ...]:
        found = {e.day.year for e in self.entries} | {self.year}
        if self.extension is not None:
            found.add(self.extension.until.year)
        return tuple(sorted(found))


def parse_notice(text: str, year: int | None = None, *, partial: bool = False) -> Notice:
    """Read a notice's text; `year` overrides (and must agree with) its title.

    Raises NoticeParseError, quoting the first sentence not read, unless
    `partial` (then the sentences not read are in `Notice.unread`).
    """
    page = cut_page(text)
    preamble, sections, unread, late = _split(page)
    notice_year = _notice_year(page, preamble, sections, year)
    kind: Literal["yearly", "supplement"] = "supplement" if page.kind == "supplement" else "yearly"
    if kind == "supplement":
        name = _supplement_name(page.title or "")
        read = [read_section((name,), "".join(body for _, body in sections), notice_year)]
    else:
        if not sections and unread:
            raise _refusal(unread)
        if not sections:
            raise NoticeParseError(
                "通知文本中没有找到节日段落（如「一、元旦：1月1日放假……」）。请粘贴通知正文，至少包括各节日的放假安排。",
                "no festival sections (like 「一、元旦：1月1日放假……」) found in the notice text. "
                "Paste the notice itself, with at least the arrangements for each festival.",
            )
        read = [read_section(names, body, notice_year, strict=True) for names, body in sections]
    unread += [u for s in read for u in s.unread]
    if kind == "yearly":
        unread += _missing_festivals(preamble, sections, titled=page.title is not None)
    cut = _cut_off(sections[-1][1]) if sections and not page.signed and not read[-1].closed else None
    if cut is not None and cut.sentence not in {u.sentence for u in unread}:
        unread.append(cut)
    entries = _merge(read, unread)
    unread += _late(late + [t for s in read for t in s.late], entries, notice_year)
    if unread and not partial:
        raise _refusal(unread)
    title = page.title or f"{notice_year}年部分节假日安排（导入的通知文本，无标题）"
    found = {n for names, _ in sections for n in names}
    if kind == "yearly" and page.title is None and found != set(FESTIVALS):
        # Some sections without a title: not a whole yearly notice, so laid over the year, never replacing it.
        kind = "supplement"
        title = f"{notice_year}年{'、'.join(n for n in FESTIVALS if n in found)}安排（导入的文本，无标题）"
    extension = next((s.extension for s in read if s.extension is not None), None)
    return Notice(notice_year, title, kind, page.issued, entries, extension, tuple(unread))


def _split(page: Page) -> tuple[str, list[tuple[tuple[str, ...], str]], list[Unread], list[str]]:
    """The preamble, the sections (festival names, text), lines reported on the way, and
    the sentences of days after the closing paragraph.

    A supplementary notice has no festival sections: its whole body up to the
    closing paragraph is returned as one section.
    """
    preamble: list[str] = []
    sections: list[tuple[tuple[str, ...], str]] = []
    unread: list[Unread] = []
    late: list[str] = []
    state = "preamble"
    for line in page.body.splitlines():
        if state == "closing":
            late += _after_closing(line)
            continue
        if _CLOSING.match(line) and (state == "sections" or page.kind == "supplement"):
            state = "closing"
            continue
        if page.kind == "supplement":
            sections.append(((), line + "\n"))
            continue
        headers = list(_HEADER.finditer(line))
        if not headers:
            if _ORDINAL_LINE.match(line):
                unread.append(
                    Unread(
                        line,
                        Text(
                            f"这一段没有以节日名称和冒号开头（{'、'.join(FESTIVALS)}）",
                            f"this section does not start with a festival name and a colon ({', '.join(FESTIVALS)})",
                        ),
                    )
                )
            elif state == "sections":
                names, body = sections[-1]
                sections[-1] = (names, body + line)
            else:
                preamble.append(line)
            continue
        head = line[: headers[0].start()]
        if state == "sections":
            names, body = sections[-1]
            sections[-1] = (names, body + head)
        else:
            preamble.append(head)
        for i, h in enumerate(headers):
            end = headers[i + 1].start() if i + 1 < len(headers) else len(line)
            names = tuple(re.split("[、和]", h[1] or h[2]))
            if len(names) > 1 and (set(names) != _COMBINED or len(names) != 2):
                unread.append(
                    Unread(h[0], Text("只有中秋节和国庆节会合并放假", "only 中秋节 and 国庆节 are ever combined"))
                )
                continue
            sections.append((names, line[h.end() : end]))
        state = "sections"
    text = "\n".join(preamble)
    unread += _stray_in_preamble(text)
    return text, sections, unread, late


def _after_closing(line: str) -> list[str]:
    """Sentences of days written after the closing paragraph (a repost's own summary)."""
    return [s.strip() for s in re.split(r"[。.;!?]", line) if DATE.search(s) and SETS_DAYS.search(s)]


def _late(sentences: list[str], entries: tuple[DayEntry, ...], year: int) -> list[Unread]:
    """The after-closing sentences that do not just repeat days the notice sets."""
    days = {e.day: e for e in entries}
    return [
        Unread(
            s,
            Text(
                "这句在通知结尾段之后，与通知的安排不一致或无法读取",
                "this sentence after the notice's closing paragraph disagrees with the notice or cannot be read",
            ),
        )
        for s in sentences
        if not agrees(s, year, days)
    ]


def _stray_in_preamble(preamble: str) -> list[Unread]:
    """Dated sentences after 「…通知如下。」 but before the first section: a section that lost its heading."""
    m = _AS_FOLLOWS.search(preamble)
    if m is None:
        return []
    return [
        Unread(
            s.strip(),
            Text(
                "这句不在任何节日段落中（缺少「一、元旦：」这样的标题）",
                "this sentence is in no festival section (no heading like 「一、元旦：」)",
            ),
        )
        for s in re.split(r"[。.;!?]", preamble[m.end() :])
        if DATE.search(s)
    ]


def _missing_festivals(preamble: str, sections: list[tuple[tuple[str, ...], str]], *, titled: bool) -> list[Unread]:
    """The festivals the preamble announces (or, under a yearly title, all seven) that have no section."""
    m = _ANNOUNCED.search(preamble)
    if m is not None:
        announced = [n if n in FESTIVALS else "劳动节" for n in re.findall(rf"{_NAMES}|国际劳动节", m[1])]
        where = m[0]
        why = (
            "通知开头列出了{n}，但文本中没有{n}的放假安排（文本可能不完整）",
            ("the preamble announces {n}, but the text has no arrangement for it (the text may be incomplete)"),
        )
    elif titled:
        announced, where = list(FESTIVALS), "、".join(FESTIVALS)
        why = (
            "每年的通知都安排七个节日，但文本中没有{n}的放假安排（文本可能不完整）",
            (
                "every yearly notice arranges all seven festivals, but the text has none for {n} "
                "(the text may be incomplete)"
            ),
        )
    else:
        return []
    found = {n for names, _ in sections for n in names}
    return [
        Unread(where, Text(why[0].format(n=n), why[1].format(n=n))) for n in dict.fromkeys(announced) if n not in found
    ]


def _cut_off(last_body: str) -> Unread | None:
    """The unsigned text's last words, if they stop where a sentence of days was going on.

    「…照常公休；1」, 「…9月15日(星期」, 「二、春节：2月」 are cut; a footer such as
    「蒙ICP备16001043号-5」 after the last full sentence is not.
    """
    tail = re.split(r"[。.;!?]", last_body)[-1].strip()
    if tail and _CUT.search(tail):
        return Unread(tail, Text("文本在这里中断，通知可能不完整", "the text stops here; the notice may be incomplete"))
    return None


def _merge(read: list[Section], unread: list[Unread]) -> tuple[DayEntry, ...]:
    """All sections' days; a day two sections set differently is reported."""
    entries: dict[date, DayEntry] = {}
    for section in read:
        for entry in section.entries.values():
            before = entries.get(entry.day)
            if before is not None and before != entry:
                unread.append(
                    Unread(
                        f"{'、'.join(section.names)}: {entry.day.isoformat()}",
                        Text(
                            f"{entry.day.isoformat()} 在通知中出现了两次",
                            f"{entry.day.isoformat()} appears twice in the notice",
                        ),
                    )
                )
                continue
            entries[entry.day] = entry
    return tuple(sorted(entries.values(), key=lambda e: e.day))


def _refusal(unread: list[Unread]) -> NoticeParseError:
    first = unread[0]
    more_zh = f"（另有 {len(unread) - 1} 处）" if len(unread) > 1 else ""
    more_en = f" ({len(unread) - 1} more)" if len(unread) > 1 else ""
    return NoticeParseError(
        f"无法导入通知中的「{first.sentence}」：{first.why.zh}{more_zh}。没有写入任何内容。"
        "请对照国务院办公厅通知原文改正后重新导入；确认无误时可加 --partial 只写入已读取的部分。",
        f"cannot import {first.sentence!r} from the notice: {first.why.en}{more_en}. Nothing was written. "
        "Correct it against the State Council notice and import again, or add --partial to write only what was read.",
    )


def _supplement_name(title: str) -> str:
    """The festival a supplementary notice changes: 劳动节, 春节, or 抗战胜利70周年纪念日."""
    found = next((n for n in FESTIVALS if n in title), None)
    if found is not None:
        return found
    m = re.search(r"(\d+周年纪念日)", title)
    if m is not None and "抗日战争" in title:
        return f"抗战胜利{m[1]}"
    m = re.search(r"关于(?:\d{4}年)?(.+?)(?:调休放假|假期|放假)", title)
    return m[1] if m else title


def _notice_year(page: Page, preamble: str, sections: list[tuple[tuple[str, ...], str]], year: int | None) -> int:
    """The year from `year`, else the title or preamble, else the latest full date."""
    stated_m = _PREAMBLE_YEAR.search(preamble)
    stated = page.title_year or (int(stated_m[1]) if stated_m else None)
    if year is not None and stated not in (None, year):
        raise NoticeParseError(
            f"通知写的是 {stated} 年，但指定的年份是 {year}。请去掉 --year，或改为 --year {stated}。",
            f"the notice is for {stated}, but the year given is {year}. Drop --year, or use --year {stated}.",
        )
    years = [int(y) for _, body in sections for y in _FULL_DATE_YEAR.findall(body)]
    found = year or stated or max(years, default=None)
    if found is None:
        raise NoticeParseError(
            "无法确定通知的年份：文中没有「关于YYYY年部分节假日安排的通知」标题，也没有带年份的日期。"
            "请用 --year 指定，例如 --year 2026。",
            "cannot tell the notice's year: the text has no title 「关于YYYY年部分节假日安排的通知」 "
            "and no date with a year. Give it with --year, e.g. --year 2026.",
        )
    if not FIRST_YEAR <= found <= LAST_YEAR:
        raise NoticeParseError(
            f"通知年份 {found} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间。请检查年份。",
            f"the notice's year {found} is not between {FIRST_YEAR} and {LAST_YEAR}. Check the year.",
        )
    return found
