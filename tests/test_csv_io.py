"""Reading wishes from CSV in the forms users save it, and writing the grouped CSV."""

from __future__ import annotations

import csv

import pytest

from mvo_xl.grouping import group_wishes
from mvo_xl.io.csv_io import CsvError, read_wishes_csv, write_grouped_csv

ROWS = [("DB-001", "Duurzame mobiliteit", "Veilige fietspaden naar school"),
        ("DB-002", "Duurzame mobiliteit", "Meer en betere fietspaden"),
        ("DB-003", "Energie en klimaat", "Zonnepanelen op het gemeentehuis; en op de sporthal"),
        ("DB-004", "Energie en klimaat", "=2+3 coöperatieve zonne-energie é")]


def write(path, delimiter, encoding, rows=ROWS, header=("id", "thema", "droombeeld")):
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.mark.parametrize("delimiter,encoding", [(";", "cp1252"), (",", "utf-8-sig"), (",", "utf-8"),
                                                ("\t", "utf-8")], ids=["excel-nl", "bom", "utf8", "tab"])
def test_reads_the_forms_users_save(tmp_path, delimiter, encoding):
    table = read_wishes_csv(write(tmp_path / "in.csv", delimiter, encoding))
    wishes = table.wishes()
    assert [(w.key, w.theme, w.text) for w in wishes] == ROWS
    assert table.delimiter == delimiter


def test_round_trip_keeps_columns_adds_groups_and_defuses(tmp_path):
    src = write(tmp_path / "in.csv", ";", "cp1252")
    table = read_wishes_csv(src)
    before = src.read_bytes()
    out = write_grouped_csv(table, group_wishes(table.wishes()), tmp_path / "uit.csv")
    assert src.read_bytes() == before
    with out.open(encoding="cp1252", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == ["id", "thema", "droombeeld", "groep", "groepslabel", "gelijkenis"]
    assert [r[0] for r in rows[1:]] == ["DB-001", "DB-002", "DB-003", "DB-004"]
    assert rows[1][3] == rows[2][3] and rows[1][3].startswith("DM-")
    assert rows[4][2] == "'=2+3 coöperatieve zonne-energie é"
    assert all(r[5].isdigit() for r in rows[1:])
    assert not list(tmp_path.glob(".*.tmp"))


def test_without_id_rows_are_keyed_by_line_and_previous_groups_are_read(tmp_path):
    src = write(tmp_path / "in.csv", ",", "utf-8", rows=[("Mobiliteit", "Fietspaden", "MOB-07")] * 2,
                header=("Thema", "Droombeeld", "Groep"))
    wishes = read_wishes_csv(src).wishes()
    assert [w.key for w in wishes] == ["rij 2", "rij 3"]
    assert {w.group for w in wishes} == {"MOB-07"}
    assert group_wishes(wishes).assignments["rij 2"].group == "MOB-07"


def test_emoji_survive_a_cp1252_input(tmp_path):
    src = write(tmp_path / "in.csv", ";", "cp1252")
    table = read_wishes_csv(src)
    table.rows[0][2] = "Fietsen 🚲"
    out = write_grouped_csv(table, group_wishes(table.wishes()), tmp_path / "uit.csv")
    assert "Fietsen 🚲" in out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("content,needle", [
    (b"", "leeg"),
    (b"naam;tekst\nJan;fiets\n", "thema, droombeeld ontbreken"),
    (b"thema,droombeeld\nA,\"open quote\nB,x\n", "regel"),
    (b"thema;droombeeld\nA;b;c;d\n", "4 velden"),
    (b"id,thema,droombeeld\n1,A,x\n1,A,y\n", "twee keer"),
    (b"\xff\xfe\x00\xd8", "tekens"),
], ids=["empty", "columns", "quote", "fields", "dup-id", "bytes"])
def test_broken_files_give_a_clear_dutch_message(tmp_path, content, needle):
    path = tmp_path / "kapot.csv"
    path.write_bytes(content)
    with pytest.raises(CsvError) as info:
        read_wishes_csv(path)
    assert needle in info.value.message_nl and "kapot.csv" in info.value.message_nl


def test_missing_file_and_overwriting_the_input_are_refused(tmp_path):
    with pytest.raises(CsvError, match="niet gelezen"):
        read_wishes_csv(tmp_path / "nergens.csv")
    src = write(tmp_path / "in.csv", ",", "utf-8")
    table = read_wishes_csv(src)
    with pytest.raises(CsvError, match="nooit overschreven"):
        write_grouped_csv(table, group_wishes(table.wishes()), src)
