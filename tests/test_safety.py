"""The safety layer against every hostile kind of submission, on real files built here."""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from mvo_xl.catalogue import message
from mvo_xl.io.safety import (
    DEFAULT_LIMITS,
    Limits,
    UnreadableWorkbook,
    check_sheet_extent,
    column_letters,
    open_package,
    run_bounded,
)
from tests import hostile as h

REPO = Path(__file__).resolve().parents[1]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(path: Path, **kwargs) -> UnreadableWorkbook:
    with pytest.raises(UnreadableWorkbook) as info:
        open_package(path, **kwargs)
    return info.value


# ------------------------------------------------------------ every hostile kind

@pytest.mark.parametrize("builder", list(h.HOSTILE), ids=lambda b: b.__name__)
def test_each_kind_gets_its_variant_and_the_file_is_untouched(builder, tmp_path):
    name, variant = h.HOSTILE[builder]
    path = builder(tmp_path / name)
    before = sha(path), path.stat().st_mtime_ns
    if variant is None:
        pkg = open_package(path)
        assert pkg.sheet_parts
    else:
        exc = refused(path)
        assert exc.variant == variant, exc.message()
        assert exc.message() == message("MVO040", variant, detail=exc.detail)
        assert exc.message().startswith("Het ")  # Dutch, for the submitter
        finding = exc.finding(name)
        assert (finding.code, finding.severity, finding.file) == ("MVO040", "fout", name)
        assert finding.message == exc.message()
    assert (sha(path), path.stat().st_mtime_ns) == before


def test_details_say_why(tmp_path):
    assert refused(h.make_empty(tmp_path / "a.xlsx")).detail == "leeg bestand"
    assert "tekstbestand" in refused(h.make_csv_as_xls(tmp_path / "b.xls")).detail
    assert "HTML" in refused(h.make_html_as_xls(tmp_path / "c.xls")).detail
    assert "Office-document" in refused(h.make_docx_like(tmp_path / "d.docx")).detail
    assert "entiteiten" in refused(h.make_billion_laughs(tmp_path / "e.xlsx")).detail
    assert "XFD1048576" in refused(h.make_lying_dimension(tmp_path / "f.xlsx")).detail
    assert "zip-archief" in refused(h.make_truncated_zip(tmp_path / "g.xlsx")).detail
    assert "versleuteld" in refused(h.make_encrypted(tmp_path / "h.xlsx")).message()
    assert "Opslaan als" in refused(h.make_old_xls(tmp_path / "i.xls")).message()


def test_utf16_text_export_is_text(tmp_path):
    path = tmp_path / "unicode.xls"
    path.write_bytes("Thema\tOmschrijving\r\nKlimaat\tMinder CO2\r\n".encode("utf-16"))
    assert "tekstbestand" in refused(path).detail


def test_missing_path_and_directory(tmp_path):
    assert refused(tmp_path / "nergens.xlsx").variant == "not_found"
    assert refused(tmp_path).variant == "not_found"
    assert "bestaat niet" in refused(tmp_path / "nergens.xlsx").message()


# ------------------------------------------------------------------ normal files

def test_normal_workbook_reads(tmp_path):
    path = h.make_normal(tmp_path / "ok.xlsx")
    pkg = open_package(path)
    assert pkg.data == path.read_bytes()
    assert "xl/workbook.xml" in pkg.names and "XL/Workbook.xml" in pkg
    root = pkg.parse_xml("xl/workbook.xml")
    assert root.tag.endswith("workbook")
    assert pkg.read("xl/styles.xml").startswith(b"<")
    assert pkg.sheet_parts == {"Droombeelden": "xl/worksheets/sheet1.xml"}
    assert pkg.sheet_extent("xl/worksheets/sheet1.xml") == (21, 3)
    assert check_sheet_extent(pkg, "xl/worksheets/sheet1.xml") == (21, 3)
    assert zipfile.ZipFile(pkg.filelike()).testzip() is None


def test_other_workbook_passes_but_has_not_our_sheets(tmp_path):
    pkg = open_package(h.make_other_workbook(tmp_path / "ander.xlsx"))
    assert list(pkg.sheet_parts) == ["Blad1"]  # the reader reports sheet_missing


# --------------------------------------------------------------------- zip limits

def test_file_too_large_is_refused_without_reading_it_all(tmp_path):
    path = h.make_normal(tmp_path / "ok.xlsx")
    exc = refused(path, limits=Limits(max_file_bytes=1000))
    assert exc.variant == "too_large" and "MB" in exc.detail


def test_too_many_entries(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(30):
            z.writestr(f"xl/media/{i}.txt", b"x")
    assert refused(path, limits=Limits(max_entries=10)).variant == "too_large"


def test_lying_bomb_is_caught_while_inflating(tmp_path):
    """verify=False: the central directory looks harmless; read() catches the bomb on actual bytes."""
    path = h.make_lying_zip_bomb(tmp_path / "bom.xlsx", inflated=256 * 2**20)
    pkg = open_package(path, verify=False)
    with pytest.raises(UnreadableWorkbook) as info:
        pkg.read("xl/worksheets/sheet1.xml")
    assert info.value.variant == "too_large" and "zip-bom" in info.value.detail
    # Without the ratio cap, the per-part cap on actual bytes still stops it.
    pkg = open_package(path, Limits(min_inflate_ratio=0), verify=False)
    with pytest.raises(UnreadableWorkbook) as info:
        pkg.read("xl/worksheets/sheet1.xml")
    assert info.value.variant == "too_large" and "64 MB" in info.value.detail


def test_lying_sizes_are_corrupt_even_unverified(tmp_path):
    pkg = open_package(h.make_lying_sizes(tmp_path / "l.xlsx"), verify=False)
    with pytest.raises(UnreadableWorkbook) as info:
        pkg.read("xl/worksheets/sheet1.xml")
    assert info.value.variant == "corrupt"


def test_total_cap_counts_actual_reads(tmp_path):
    pkg = open_package(h.make_normal(tmp_path / "ok.xlsx"), verify=False)
    pkg.limits = Limits(max_total_bytes=pkg.info("xl/worksheets/sheet1.xml").file_size + 10)
    pkg.read("xl/worksheets/sheet1.xml")
    with pytest.raises(UnreadableWorkbook) as info:
        pkg.read("xl/worksheets/sheet1.xml")
    assert info.value.variant == "too_large"


def test_zip_bomb_builds_fast(tmp_path):
    start = time.perf_counter()
    path = h.make_zip_bomb(tmp_path / "bom.xlsx")
    assert time.perf_counter() - start < 5
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size == h.BOMB_BYTES and path.stat().st_size < 3 * 2**20


PROBE = textwrap.dedent("""
    import json, resource, sys, time
    from mvo_xl.io.safety import UnreadableWorkbook, open_package
    start = time.perf_counter()
    try:
        open_package(sys.argv[1])
        variant = None
    except UnreadableWorkbook as exc:
        variant = exc.variant
    # VmHWM is this process's own peak; ru_maxrss may carry the forking parent's peak across exec
    hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(json.dumps({"variant": variant, "seconds": time.perf_counter() - start, "maxrss_mb": hwm / 1024}))
""")


@pytest.mark.parametrize("builder", [h.make_zip_bomb, h.make_lying_zip_bomb], ids=lambda b: b.__name__)
def test_zip_bomb_memory_is_measured_far_below_1gb(builder, tmp_path):
    """1.5 GiB inflated: refused as too_large in a fresh process whose peak RSS is measured."""
    import resource

    path = builder(tmp_path / "bom.xlsx")
    out = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=REPO, capture_output=True,
                         text=True, timeout=120, check=True)
    result = json.loads(out.stdout)
    assert result["variant"] == "too_large"
    assert result["maxrss_mb"] < 200, result
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 < 1000
    print(builder.__name__, result)


# ----------------------------------------------------------------- XML entities

def test_billion_laughs_refused_by_parse_xml_too(tmp_path):
    pkg = open_package(h.make_billion_laughs(tmp_path / "lol.xlsx"), verify=False)
    with pytest.raises(UnreadableWorkbook) as info:
        pkg.parse_xml("xl/workbook.xml")
    assert info.value.variant == "corrupt" and "entiteiten" in info.value.detail


def test_dtd_behind_a_comment_is_found(tmp_path):
    parts = h._parts(h._xlsx_bytes())
    parts["xl/workbook.xml"] = b'<?xml version="1.0"?>\n<!-- <a> -->' + h.LAUGHS_DTD + parts["xl/workbook.xml"]
    path = tmp_path / "c.xlsx"
    path.write_bytes(h._zip_parts(parts))
    assert "entiteiten" in refused(path).detail


# ------------------------------------------------------------------ sheet extent

def _with_sheet_data(tmp_path: Path, extra: bytes) -> Path:
    parts = h._parts(h._xlsx_bytes(rows=2))
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"</sheetData>", extra + b"</sheetData>")
    path = tmp_path / "x.xlsx"
    path.write_bytes(h._zip_parts(parts))
    return path


def test_lying_dimension_true_extent(tmp_path):
    pkg = open_package(h.make_lying_dimension(tmp_path / "dim.xlsx"), verify=False)
    assert pkg.sheet_extent("xl/worksheets/sheet1.xml") == (1_048_576, 16_384)
    with pytest.raises(UnreadableWorkbook) as info:
        check_sheet_extent(pkg, "xl/worksheets/sheet1.xml", DEFAULT_LIMITS, sheet="Droombeelden")
    assert info.value.variant == "too_large"
    assert "tabblad 'Droombeelden'" in info.value.detail and "1.048.576 rijen" in info.value.detail


def test_styled_empty_far_cell_is_no_extent(tmp_path):
    """Excel writes styled empty cells; readers skip them, so they must not make a workbook 'too large'."""
    pkg = open_package(_with_sheet_data(tmp_path, b'<row r="1048576"><c r="XFD1048576" s="0"/></row>'))
    assert pkg.sheet_extent("xl/worksheets/sheet1.xml") == (3, 3)
    assert pkg.extent_bound("xl/worksheets/sheet1.xml") == (1_048_576, 16_384)
    assert check_sheet_extent(pkg, "xl/worksheets/sheet1.xml") == (3, 3)


def test_cells_without_reference_are_placed_in_order(tmp_path):
    extra = b'<row r="9"><c t="n"><v>1</v></c><c t="n"><v>2</v></c><c r="H9"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>'
    pkg = open_package(_with_sheet_data(tmp_path, extra))
    assert pkg.sheet_extent("xl/worksheets/sheet1.xml") == (10, 9)


def test_prefixed_cells_and_leading_zeros(tmp_path):
    extra = b'<row r="12"><c r="C0012"><v>1</v></c></row>'
    pkg = open_package(_with_sheet_data(tmp_path, extra))
    assert pkg.sheet_extent("xl/worksheets/sheet1.xml") == (12, 3)


def test_column_letters():
    assert [column_letters(i) for i in (1, 26, 27, 16384)] == ["A", "Z", "AA", "XFD"]


# ------------------------------------------------------------ time/memory bounds

def _sleep(seconds):
    time.sleep(seconds)


def _allocate(n):
    return len(bytearray(n))


def _fail():
    raise ValueError("kapot")


def _calamine_first_sheet(path):
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(Path(path).read_bytes()))
    return book.get_sheet_by_index(0).height


def test_run_bounded_returns_and_reraises():
    assert run_bounded(_allocate, 1000) == 1000
    with pytest.raises(ValueError, match="kapot"):
        run_bounded(_fail)


def test_run_bounded_timeout():
    start = time.perf_counter()
    with pytest.raises(UnreadableWorkbook) as info:
        run_bounded(_sleep, 30, timeout_s=1)
    assert info.value.variant == "timeout"
    assert time.perf_counter() - start < 10


def test_run_bounded_memory():
    with pytest.raises(UnreadableWorkbook) as info:
        run_bounded(_allocate, 2 * 10**9, memory_bytes=500 * 10**6)
    assert info.value.variant == "too_large"


def test_calamine_allocates_densely_so_a_far_cell_aborts_it(tmp_path):
    """Why check_sheet_extent exists: calamine allocates rows*cols (512 GiB here) and aborts."""
    pytest.importorskip("python_calamine")
    path = h.make_lying_dimension(tmp_path / "dim.xlsx")
    with pytest.raises(UnreadableWorkbook) as info:
        run_bounded(_calamine_first_sheet, str(path), memory_bytes=1_000_000_000)
    assert info.value.variant == "too_large"


def test_exception_pickles():
    exc = pickle.loads(pickle.dumps(UnreadableWorkbook("too_large", "meer dan 50 MB")))
    assert (exc.variant, exc.detail) == ("too_large", "meer dan 50 MB")
    exc = pickle.loads(pickle.dumps(UnreadableWorkbook("sheet_missing", sheet="Droombeelden")))
    assert "Droombeelden" in exc.message()
