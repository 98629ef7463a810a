"""Validating 1,000 realistic submissions, beside a bare openpyxl read-only pass over the same files.

    python benchmarks/bench_validate.py [--quick] [--jobs N]

Builds 10 distinct submissions (six themes, ~200 wishes, a full plan of
objectives, actions and priority votes, a few seeded violations) with the
project's own layout builder, copies them to 1,000 files (100 with --quick)
in a temp folder, then times in the same run:

* ``mvo-xl validate``'s batch function (all cores, each file in a bounded worker);
* a bare single-process ``openpyxl.load_workbook(read_only=True)`` pass that
  touches every cell of every sheet.

Goal: <= 30 s for 1,000 files, and faster than the openpyxl pass.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402

from benchmarks._synthetic import synthetic  # noqa: E402
from mvo_xl.batch import BatchOptions, summary, validate_files  # noqa: E402
from mvo_xl.io.writer import atomic_save  # noqa: E402
from mvo_xl.template import build_layout  # noqa: E402

THEMES = ("Duurzame mobiliteit", "Energie in eigen gebouwen", "Duurzaam aankopen", "Welzijn op het werk",
          "Armoede en sociale inclusie", "Waterbeheer en klimaatadaptatie")
DEPARTMENTS = ("Mobiliteit", "Technische dienst", "Milieudienst", "Financiën", "Personeelsdienst",
               "Welzijn", "Aankoopdienst", "Communicatie")
DISTINCT = 10


def submission(seed: int, wishes: int = 200) -> dict[str, list[dict]]:
    """One municipality's filled workbook: realistic sizes, mostly clean, a few seeded violations."""
    rng = random.Random(seed)
    codes = [f"T{i + 1}" for i in range(len(THEMES))]
    participants = [{"Naam": f"Persoon {seed}-{i:02d}", "Dienst": DEPARTMENTS[i % len(DEPARTMENTS)],
                     "Rol": "Kopgroep" if i < 8 else ("Trekker" if i >= 22 else "Deelnemer")} for i in range(24)]
    texts = synthetic(wishes, len(THEMES), seed=seed)
    content: dict[str, list[dict]] = {
        "themes": [{"Thema": t, "Omschrijving": f"Het thema {t.lower()}", "SDG": "11; 13",
                    "Trekker": participants[22]["Naam"]} for t in THEMES],
        "participants": participants,
        "wishes": [{"ID": f"DB-{i + 1:03d}", "Thema": THEMES[i % len(THEMES)], "Droombeeld": text,
                    "Ingediend door": participants[rng.randrange(22)]["Naam"],
                    "Groep": f"{codes[i % len(THEMES)]}-{rng.randrange(1, 9):02d}", "Groepslabel": "Groep",
                    "Gelijkenis": rng.randrange(50, 100)} for i, (_k, _t, text) in enumerate(texts)],
        "objectives": [], "actions": [], "votes": [],
    }
    n_obj = n_act = 0
    for t, theme in enumerate(THEMES):
        theme_actions = []
        for k in range(4):
            n_obj += 1
            oid = f"D-{n_obj:02d}"
            content["objectives"].append({
                "ID": oid, "Thema": theme, "Doelstelling": f"Tegen 2029 bereiken we doel {k + 1} van {theme.lower()}",
                "Groepen": f"{codes[t]}-{2 * k + 1:02d}; {codes[t]}-{2 * k + 2:02d}", "Indicator": "Aantal",
                "Streefwaarde": f"{rng.randrange(10, 90)}%", "Deadline": rng.choice((2027, 2028, "Q3 2029", 2030)),
                "Verantwoordelijke dienst": DEPARTMENTS[(t + k) % 8],
                "Betrokken diensten": f"{DEPARTMENTS[(t + k + 1) % 8]}; {DEPARTMENTS[(t + k + 2) % 8]}",
                "Middelen": f"{rng.randrange(5, 200)}.000 euro", "Gekozen": "Ja" if k < 3 else "Nee"})
            for _ in range(3 if k < 3 else 0):
                n_act += 1
                aid = f"A-{n_act:02d}"
                theme_actions.append(aid)
                content["actions"].append({"ID": aid, "Doelstelling": oid, "Actie": f"Concrete actie {aid} voor {oid}",
                                           "Trekker": DEPARTMENTS[rng.randrange(8)],
                                           "Deadline": rng.choice((2027, "Q2 2028", 2029)),
                                           "Budget": rng.randrange(0, 50) * 1000})
        for p in participants[:22]:
            for aid in rng.sample(theme_actions, 2):
                content["votes"].append({"Deelnemer": p["Naam"], "Thema": theme, "Actie": aid})
    content["objectives"][rng.randrange(24)]["Deadline"] = 2023  # a seeded fout
    content["votes"].pop(rng.randrange(len(content["votes"])))  # a seeded waarschuwing
    return content


def generate(folder: Path, count: int) -> list[Path]:
    originals = [atomic_save(build_layout(submission(seed)), folder / f"bron-{seed}.xlsx") for seed in range(DISTINCT)]
    files = []
    for i in range(count):
        dest = folder / "inzendingen" / f"gemeente-{i:04d}.xlsx"
        dest.parent.mkdir(exist_ok=True)
        shutil.copyfile(originals[i % DISTINCT], dest)
        files.append(dest)
    return files


def openpyxl_pass(files: list[Path]) -> int:
    cells = 0
    for path in files:
        wb = openpyxl.load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
        wb.close()
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 files instead of 1,000")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    count = 100 if args.quick else 1000
    with tempfile.TemporaryDirectory(prefix="mvo-bench-") as tmp:
        start = time.perf_counter()
        files = generate(Path(tmp), count)
        print(f"generated {count} submissions ({files[0].stat().st_size // 1024} KB each) "
              f"in {time.perf_counter() - start:.1f} s")

        start = time.perf_counter()
        reports = validate_files(files, jobs=args.jobs, options=BatchOptions())
        validate_s = time.perf_counter() - start
        s = summary(reports, validate_s)
        print(f"mvo-xl validate ({args.jobs} jobs): {validate_s:.2f} s for {s['files']} files "
              f"({s['errors']} fouten, {s['warnings']} waarschuwingen, {s['infos']} info)")

        start = time.perf_counter()
        cells = openpyxl_pass(files)
        openpyxl_s = time.perf_counter() - start
        print(f"openpyxl read_only pass (1 process, {cells:,} cells): {openpyxl_s:.2f} s")
        print(f"ratio validate / openpyxl: {validate_s / openpyxl_s:.2f}; load average now "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        goal = 30 * count / 1000
        ok = validate_s <= goal and validate_s < openpyxl_s
        print(f"goal <= {goal:.0f} s and faster than openpyxl: {'OK' if ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
