"""Import files that are hostile or broken end in a one-line error at once: bombs, huge cells, deep JSON,
long numbers, oversized files, text in an encoding we cannot tell (issue #12 points 6, 7 and 11)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from deadlines.transfer.readers import MAX_BYTES

T = ("--today", "2026-11-21")
HEADER = "key,title,rule\n"


def one_line_error(r, code: int = 2) -> str:
    assert r.exit_code == code, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


def nothing_stored(isolated_home: Path) -> bool:
    return not (isolated_home / "deadlines.json").exists()


def bomb(directory: Path, *, dimension: bool) -> Path:
    """The issue's XLSX bomb: one cell at XFD1048576, the sheet's last (about 4.8 KB)."""
    book = openpyxl.Workbook()
    book.active["XFD1048576"] = "x"
    raw = io.BytesIO()
    book.save(raw)
    if dimension:
        data = raw.getvalue()
    else:  # the same without the <dimension> tag, so only reading the rows can tell
        out = io.BytesIO()
        with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                content = src.read(info.filename)
                if info.filename.endswith("sheet1.xml"):
                    content = re.sub(rb"<dimension[^>]*/>", b"", content)
                dst.writestr(info.filename, content)
        data = out.getvalue()
    path = directory / ("bomb.xlsx" if dimension else "bomb-no-dimension.xlsx")
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("dimension", [True, False])
def test_an_xlsx_bomb_fails_at_once_with_one_line(cli, tmp_path: Path, isolated_home: Path, dimension: bool) -> None:
    path = bomb(tmp_path, dimension=dimension)
    assert path.stat().st_size < 6000
    line = one_line_error(cli(*T, "import", str(path)))
    assert ("1048576 行 × 16384 列" if dimension else "超过 200000 行") in line
    assert nothing_stored(isolated_home)


def test_a_csv_cell_over_the_field_limit_is_one_line(cli, tmp_path: Path, isolated_home: Path) -> None:
    path = tmp_path / "huge-cell.csv"
    path.write_text(HEADER + "k1,标题,每年4月30日前\n" + "k2," + "长" * 131_073 + ",每年4月30日前\n", encoding="utf-8")
    line = one_line_error(cli(*T, "import", str(path)))
    assert "第 3 条记录" in line and "131072" in line
    assert nothing_stored(isolated_home)


def test_deeply_nested_json_is_one_line(cli, tmp_path: Path, isolated_home: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "嵌套超过" in one_line_error(cli(*T, "import", str(path)))
    path.write_text(json.dumps([{"title": "t", "rule": "每年4月30日前", "notes": [[[[[[[[["x"]]]]]]]]]}]))
    assert "嵌套超过" in one_line_error(cli(*T, "import", str(path)))
    assert nothing_stored(isolated_home)


def test_a_5000_digit_number_is_one_line(cli, tmp_path: Path, isolated_home: Path) -> None:
    path = tmp_path / "number.json"
    path.write_text('[{"key": ' + "9" * 5000 + ', "title": "t", "rule": "每年4月30日前"}]', encoding="utf-8")
    assert "过长的数字" in one_line_error(cli(*T, "import", str(path)))
    ndjson = tmp_path / "number.ndjson"
    ndjson.write_text('{"key": ' + "9" * 5000 + ', "title": "t", "rule": "每年4月30日前"}\n', encoding="utf-8")
    r = cli(*T, "import", str(ndjson))
    assert r.exit_code == 1 and "第 1 行" in r.stderr and "Traceback" not in r.stderr  # that line's problem
    assert nothing_stored(isolated_home)


def test_a_file_over_the_size_limit_is_refused_unread(cli, tmp_path: Path, isolated_home: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as f:
        f.write(HEADER.encode())
        f.truncate(MAX_BYTES + 1)
    assert "64 MiB" in one_line_error(cli(*T, "import", str(path)))
    assert nothing_stored(isolated_home)


# Big5 is what Excel on a traditional-Chinese Windows writes. The bytes of 「標準化總結」 (issue #12 point 11)
# and the name of Taiwan's standards bureau, 經濟部標準檢驗局, read as GB18030 give 「夹非て羆挡」-like nonsense.
BIG5_ROWS = "key,title,rule\nk-tw,經濟部標準檢驗局 標準化總結,每年4月30日前\n"


def test_a_big5_csv_is_refused_with_the_encoding_question(cli, tmp_path: Path, isolated_home: Path) -> None:
    path = tmp_path / "big5.csv"
    path.write_bytes(BIG5_ROWS.encode("big5"))
    line = one_line_error(cli(*T, "import", str(path)))
    assert "不像中文" in line and "--encoding big5" in line
    assert nothing_stored(isolated_home)


def test_encoding_says_what_the_file_is_and_the_summary_names_it(cli, tmp_path: Path) -> None:
    path = tmp_path / "big5.csv"
    path.write_bytes(BIG5_ROWS.encode("big5"))
    r = cli(*T, "import", str(path), "--encoding", "big5", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["encoding"] == "big5" and "csv, big5" in r.stderr
    docs = json.loads(cli(*T, "export").stdout)
    assert [d["title"] for d in docs] == ["經濟部標準檢驗局 標準化總結"]


def test_a_wrong_or_unknown_encoding_is_one_line(cli, tmp_path: Path) -> None:
    path = tmp_path / "gb.csv"
    path.write_bytes("key,title,rule\nk,标准化总结,每年4月30日前\n".encode("gb18030"))
    assert "不是 utf-8 编码" in one_line_error(cli(*T, "import", str(path), "--encoding", "utf-8"))
    assert "不认识编码" in one_line_error(cli(*T, "import", str(path), "--encoding", "klingon"))


NOTICES = sorted((Path(__file__).parents[1] / "data" / "notices").glob("*.txt"))


@pytest.mark.parametrize("notice", NOTICES, ids=[p.stem for p in NOTICES])
def test_real_chinese_text_saved_as_gb18030_is_read_as_gb18030(notice: Path) -> None:
    # The State Council's holiday notices as published: what GB18030 text from Chinese Windows looks like.
    # The plausibility check must never refuse it (and must return exactly the text).
    from deadlines.transfer.decode import decode

    text = notice.read_text(encoding="utf-8")
    assert decode(text.encode("gb18030")) == (text, "gb18030")
