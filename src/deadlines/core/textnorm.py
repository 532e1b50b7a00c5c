"""Normalising Chinese text before parsing: width, traditional forms, numerals.

Documents and spreadsheets write the same date many ways: full-width digits
(２０２６), traditional characters (複審週期), spaces inside dates
(「2022 年 4 月 20 日」), Chinese numerals (二〇二二年十一月七日). Every
parser in the core runs its input through `normalize` first and reads
numbers with `parse_number`, so each form is handled once, here.
"""

from __future__ import annotations

import re
import unicodedata

# Traditional → simplified for the characters our grammars and notices use.
# Only these: a full converter would be a dependency for a handful of words.
_TRADITIONAL = str.maketrans(
    dict(
        zip(
            "終週復複審屆滿個內後從於裡國慶節勞動淸調補與連曆歷農臘號備請報實績證書標準時間計開結屬舉辦無為兩萬億點鐘歲傳統兒陽陰獎勵續發佈頒學習區級業員關團體價稅務單數項規則檢驗監銷應當須類轉讓變權聲誤錯廳過遞達進違視認鑑評長紀戰勝將轄爭",
            "终周复复审届满个内后从于里国庆节劳动清调补与连历历农腊号备请报实绩证书标准时间计开结属举办无为两万亿点钟岁传统儿阳阴奖励续发布颁学习区级业员关团体价税务单数项规则检验监销应当须类转让变权声误错厅过递达进违视认鉴评长纪战胜将辖争",
            strict=True,
        )
    )
)

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff]) | (?=[\u3000-\u9fff])")
_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "~": "-", "～": "-", "〜": "-", "‐": "-", "−": "-"})


def normalize(text: str) -> str:
    """Fold width (NFKC), traditional forms, dashes and inner spaces.

    Spaces between CJK characters and digits are dropped (「2022 年 4 月」 →
    「2022年4月」); a space between two Latin words is kept as one space.
    NFKC also turns full-width punctuation into ASCII: （） → (), ： → :.
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL).translate(_DASHES)
    text = text.replace("○", "〇")
    text = _SPACES.sub(" ", text.strip())
    return _CJK_SPACE.sub("", text)


_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
NUMBER = r"[0-9〇零一二两三四五六七八九十百千万]+"
"""A regex fragment matching an Arabic or Chinese number, for the grammars."""


def parse_number(s: str) -> int:
    """Read 12, 十二, 二十五, 一百零五, 两, or digit-by-digit 二〇二六 as an int.

    Raises ValueError for anything else; callers turn that into a typed error
    that quotes the user's text.
    """
    if len(s) > 9:  # no period or date needs more; Python refuses to convert over 4,300 digits anyway
        raise ValueError(s)
    if s.isdigit():
        return int(s)
    if not s or any(c not in _DIGITS and c not in _UNITS for c in s):
        raise ValueError(s)
    if not any(c in _UNITS for c in s):
        # Digit by digit, as years are written: 二〇二六 → 2026.
        return int("".join(str(_DIGITS[c]) for c in s))
    total, section, digit = 0, 0, None
    for c in s:
        if c in _DIGITS:
            if digit is not None and _DIGITS[c] != 0:
                raise ValueError(s)
            digit = _DIGITS[c] if _DIGITS[c] != 0 else None
        else:
            unit = _UNITS[c]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
    return total + section + (digit or 0)
