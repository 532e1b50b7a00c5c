"""What an import file is: its format (from the name or the content) and its text encoding.

Excel on Chinese Windows writes GB18030 (GBK) CSV; everything else writes
UTF-8. A file that is not UTF-8 is read as GB18030 only when the result is
plausible Chinese text: GB18030 decodes almost any bytes, so a Big5 or
Shift-JIS file would otherwise come in as nonsense. When neither fits the
file is refused with the question which encoding it is (`--encoding`).
"""

from __future__ import annotations

import codecs
from pathlib import PurePath

from deadlines.core.errors import InputError
from deadlines.transfer.columns import Format

PLAUSIBLE = 0.97
"""The share of a GB18030 reading's non-ASCII characters that must be what Chinese text is made of."""

_SUFFIXES: dict[str, Format] = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
}


def detect_format(data: bytes, name: str | None = None) -> Format:
    """The format from the file name's suffix, else from the content (zip → XLSX, [ → JSON, { → NDJSON, else CSV)."""
    suffix = PurePath(name).suffix.lower() if name and name != "-" else ""
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if suffix == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            "不支持旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV UTF-8 后再导入。",
            "Old Excel (.xls) files are not supported: save it from Excel as .xlsx or CSV UTF-8 and import that.",
        )
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    first = data.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    return "json" if first == b"[" else "ndjson" if first == b"{" else "csv"


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text and its encoding: `encoding` if given; else UTF-8 (with or without a BOM), else GB18030
    if it reads as plausible Chinese text; else an InputError asking which encoding the file is in."""
    if encoding is not None:
        return _decode_as(data, encoding), encoding
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(
            "文件是 UTF-16 编码（Excel 的「Unicode 文本」）：请另存为「CSV UTF-8（逗号分隔）」后再导入，或加 --encoding utf-16。",
            "The file is UTF-16 (Excel's 'Unicode Text'): save it as 'CSV UTF-8 (Comma delimited)' and import that, "
            "or add --encoding utf-16.",
        )
    utf8 = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        return data.decode(utf8), utf8
    except UnicodeDecodeError as error:
        failed_at = error.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        position = max(failed_at, error.start)  # where the encoding that read furthest (most likely meant) failed
        line = data.count(b"\n", 0, position) + 1
        raise InputError(
            f"文件第 {line} 行（第 {position} 字节）既不是 UTF-8 也不是 GB18030 编码的文本。"
            "它是什么编码？请用 --encoding 指明（如 --encoding big5），或另存为 UTF-8 编码后再导入。",
            f"Line {line} (byte {position}) of the file is neither UTF-8 nor GB18030 text. Which encoding is it? "
            "Say so with --encoding (e.g. --encoding big5), or save the file as UTF-8 and import that.",
        ) from None
    odd = _implausible(text)
    if odd:
        raise InputError(
            f"文件不是 UTF-8；按 GB18030 读出的文字不像中文（如「{odd}」）。它是什么编码？"
            "请用 --encoding 指明（如繁体中文的 --encoding big5），或另存为 UTF-8 编码后再导入。",
            f"The file is not UTF-8, and read as GB18030 it is not plausible Chinese (e.g. {odd!r}). "
            "Which encoding is it? Say so with --encoding (e.g. --encoding big5 for traditional Chinese), "
            "or save the file as UTF-8 and import that.",
        )
    return text, "gb18030"


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"不认识编码「{encoding}」：请写 utf-8、gb18030、big5 等 Python 认识的编码名。",
            f"unknown encoding {encoding!r}: give a name Python knows, such as utf-8, gb18030 or big5.",
        ) from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"文件第 {line} 行（第 {error.start} 字节）不是 {encoding} 编码的文本：请确认文件的编码。",
            f"Line {line} (byte {error.start}) of the file is not {encoding} text: check the file's encoding.",
        ) from None


def _implausible(text: str) -> str:
    """A sample of the text around its first character that Chinese text does not have, when it has too many.

    Chinese text, simplified or traditional (GBK has both), is hanzi, punctuation and ASCII. Read as
    GB18030, the bytes of another encoding turn partly into kana, Greek, box drawing and private-use
    characters: Big5's commonest characters (lead bytes A4–AF) all do.
    """
    foreign = [ch for ch in text if not ch.isascii()]
    if not foreign:
        return ""
    odd = [i for i, ch in enumerate(text) if not ch.isascii() and not _chinese(ch)]
    if len(odd) <= (1 - PLAUSIBLE) * len(foreign):
        return ""
    start = odd[0]
    return "".join(ch for ch in text[max(0, start - 2) : start + 6] if ch.isprintable())


def _chinese(ch: str) -> bool:
    """A hanzi (any CJK ideograph block), CJK or full-width punctuation, or the punctuation Chinese text uses."""
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or "\U00020000" <= ch <= "\U0002ffff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or ch in "“”‘’—…·×÷°±№§\u00a0"
    )
