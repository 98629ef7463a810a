"""What the safety layer costs per file, beside a bare zipfile read and the readers it guards.

    python benchmarks/bench_safety.py [N]

Builds one realistic submission (six input tables, ~200 wishes) with openpyxl
and times, over N rounds: open_package with verify (every part inflated once,
bounded, plus true sheet extents), open_package without verify, a bare
zipfile read of every part, python-calamine reading every sheet, and
openpyxl read_only iterating every sheet.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402

from mvo_xl.io.safety import open_package  # noqa: E402


def build(path: Path, wishes: int = 200) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Droombeelden"
    ws.append(["ID", "Thema", "Droombeeld", "Ingediend door", "Groep", "Groepslabel", "Groep (handmatig)", "Gelijkenis"])
    for i in range(wishes):
        ws.append([f"DB-{i:03}", f"Thema {i % 5}", f"Meer groen en veilige fietspaden in wijk {i} voor iedereen",
                   f"Persoon {i % 30}", i % 17, f"Groep {i % 17}", None, 0.8])
    for title, cols, n in [("Thema's", 4, 5), ("Deelnemers", 3, 30), ("Doelstellingen", 11, 15),
                           ("Acties", 6, 45), ("Prioriteiten", 3, 300)]:
        s = wb.create_sheet(title)
        for r in range(n):
            s.append([f"{title[:3]}-{r}-{c}" for c in range(cols)])
    wb.save(path)
    return path


def bare_zip(path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        for name in z.namelist():
            z.read(name)


def calamine(path: Path) -> None:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()


def openpyxl_ro(path: Path) -> None:
    wb = openpyxl.load_workbook(path, read_only=True)
    for ws in wb.worksheets:
        for _ in ws.iter_rows(values_only=True):
            pass
    wb.close()


def timeit(func, path: Path, n: int) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        func(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as tmp:
        path = build(Path(tmp) / "submission.xlsx")
        print(f"file: {path.stat().st_size / 1024:.0f} KiB, median of {n} runs (ms per file)")
        for label, func in [
            ("open_package(verify=True)", open_package),
            ("open_package(verify=False)", lambda p: open_package(p, verify=False)),
            ("bare zipfile read of all parts", bare_zip),
            ("python-calamine, all sheets", calamine),
            ("openpyxl read_only, all sheets", openpyxl_ro),
        ]:
            print(f"  {label:34} {timeit(func, path, n):7.2f}")


if __name__ == "__main__":
    main()
