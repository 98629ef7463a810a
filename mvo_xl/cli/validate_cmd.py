"""``mvo-xl validate PATH...``: check one workbook or a whole folder of submissions against the method."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections import Counter
from pathlib import Path

from ..catalogue import FOUT, INFO, SEVERITY_LABELS, WAARSCHUWING
from .common import (EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UserError, ensure_not_input, print_json,
                     local_path, local_path_text, require_windows_name, typed_paths)

_SEVERITY_COLOURS = {FOUT: "bold red", WAARSCHUWING: "yellow", INFO: "cyan"}
_COUNTED = {FOUT: ("fout", "fouten"), WAARSCHUWING: ("waarschuwing", "waarschuwingen"), INFO: ("info", "info")}


def add_parser(sub, **kw):
    p = sub.add_parser(
        "validate", help="controleer werkmappen op de regels van de methode (ook een hele map)",
        description="Controleer één werkmap of een hele map ingestuurde werkmappen op de regels van de methode "
                    "(MVO001-MVO040). De invoerbestanden worden nooit gewijzigd.\n"
                    "Uitkomst: 0 = geen fouten, 1 = minstens één fout, 2 = fout in de opdracht.", **kw)
    p.add_argument("paths", nargs="+", type=local_path_text, metavar="PAD",
                   help="bestanden, mappen (ook submappen) of patronen zoals 'inzendingen/*.xlsx'")
    p.add_argument("--json", action="store_true", help="schrijf het resultaat als JSON naar stdout")
    p.add_argument("-o", "--output", "--rapport", type=local_path, dest="output", metavar="RAPPORT",
                   help="schrijf een rapport: .xlsx (filterbare tabel), .json of .csv")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="aantal bestanden tegelijk (standaard: alle processorkernen)")
    p.add_argument("--vandaag", "--today", dest="today", metavar="DATUM",
                   help="toets deadlines tegen deze dag (bv. 27/11/2026) in plaats van vandaag")
    p.add_argument("--planhorizon", "--horizon", dest="horizon", type=int, metavar="JAAR",
                   help="het laatste jaar van het meerjarenplan (standaard 2031 of de instelling in de werkmap)")
    p.add_argument("--schrijf", "--write", dest="write", type=local_path, metavar="UIT.xlsx",
                   help="schrijf een kopie van de werkmap met het tabblad Controle en gemarkeerde cellen "
                        "(één invoerbestand)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDEN", help=argparse.SUPPRESS)
    return p




def _today(text: str | None) -> dt.date | None:
    from ..normalize import parse_deadline

    if text is None:
        return None
    deadline = parse_deadline(text)
    if deadline is None or deadline.kind != "date":
        raise UserError(f"--vandaag '{text}' is geen datum; schrijf bv. 27/11/2026 of 2026-11-27.",
                        exit_code=EXIT_USAGE)
    return deadline.day


def _check_usage(args) -> None:
    if args.jobs is not None and args.jobs < 1:
        raise UserError("--jobs moet minstens 1 zijn.", exit_code=EXIT_USAGE)
    if args.horizon is not None and not 1990 <= args.horizon <= 2100:
        raise UserError(f"--planhorizon {args.horizon} is geen geldig jaar.", exit_code=EXIT_USAGE)
    for out in (args.output, args.write):
        if out is not None:
            require_windows_name(out)
    if args.output is not None:
        from ..io.reports import FORMATS

        if args.output.suffix.lower() not in FORMATS:
            raise UserError(f"{args.output}: een rapport eindigt op .xlsx, .json of .csv.", exit_code=EXIT_USAGE)
    if args.write is not None and args.write.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UserError(f"{args.write}: --schrijf maakt een .xlsx- of .xlsm-bestand.", exit_code=EXIT_USAGE)
    if args.timeout <= 0:
        raise UserError("--timeout moet groter dan 0 zijn.", exit_code=EXIT_USAGE)


def run(args, ui) -> int:
    from ..batch import BatchOptions, iter_validate, report_data
    from ..io.paths import expand_paths

    _check_usage(args)
    today = _today(args.today)
    files, unmatched = expand_paths(typed_paths(args.paths))
    for item in unmatched:
        ui.warn(f"{item}: geen bestanden gevonden.")
    if not files:
        raise UserError("Geen bestanden om te controleren.", exit_code=EXIT_USAGE)
    if args.write is not None and len(files) != 1:
        raise UserError("--schrijf kan alleen met één invoerbestand.", exit_code=EXIT_USAGE)
    for out in (args.output, args.write):
        if out is not None:
            ensure_not_input(out, files)

    options = BatchOptions(today=today, horizon=args.horizon, timeout_s=args.timeout)
    start = time.perf_counter()
    reports = [None] * len(files)
    for index, report in ui.progress(iter_validate(files, jobs=args.jobs, options=options), len(files),
                                     "Controleren"):
        reports[index] = report
    seconds = time.perf_counter() - start

    if args.json:
        print_json(report_data(reports, seconds))
    else:
        _print_reports(ui, reports, seconds)
    if args.output is not None:
        from ..io.reports import write_report
        from .common import writing

        with writing(args.output):
            write_report(args.output, reports, seconds)
        ui.info(f"Rapport geschreven: {args.output}")
    if args.write is not None:
        _write_checked(files[0], args.write, today, args.horizon, ui)
    return EXIT_OK if all(r.valid for r in reports) else EXIT_FINDINGS


def _write_checked(src: Path, out: Path, today, horizon, ui) -> None:
    """The workbook with the Controle sheet and marks, written to a copy (never the input)."""
    from .common import write_edits as edit_file
    from ..steps.validate import validate
    from .common import load_model

    from .common import show_zone_notice, writing

    book = load_model(src, require_structure=False)
    if src.suffix.lower() not in (".xlsx", ".xlsm"):  # an .ods is checked, but marked only in an Excel copy
        from ..io.safety import save_as_advice

        raise UserError(f"{out}: niet geschreven; het tabblad Controle en de markeringen kunnen alleen in een "
                        f".xlsx- of .xlsm-bestand. {save_as_advice(src)}")
    result = validate(book, today=today, horizon=horizon)
    with writing(out, src):
        edit_file(src, out, result.edits)
    ui.info(f"Werkmap met het tabblad Controle geschreven: {out}")
    show_zone_notice(ui, src, out)


def _print_reports(ui, reports, seconds: float) -> None:
    from rich import box
    from rich.table import Table

    from ..batch import summary

    console = ui.out
    for report in reports:
        if not report.findings:
            console.print(f"[green]✓[/green] {_escape(report.path)}: in orde", markup=True, highlight=False)
            continue
        counts = Counter(f.severity for f in report.findings)
        mark = "[red]✗[/red]" if not report.valid else "[yellow]![/yellow]"
        table = Table(box=box.SIMPLE_HEAD, expand=False)
        for header in ("Code", "Ernst", "Tabblad", "Cel", "Melding"):
            table.add_column(header, overflow="fold")
        for f in report.findings:
            table.add_row(f.code, f"[{_SEVERITY_COLOURS[f.severity]}]{SEVERITY_LABELS[f.severity]}[/]",
                          _escape(f.sheet), _escape(f.cell), _escape(f.message))
        console.print(f"{mark} {_escape(report.path)}: {_counts(counts)}", markup=True, highlight=False)
        console.print(table)
    s = summary(reports, seconds)
    from ..dutch import aantal

    console.print(f"\n{aantal(s['files'], 'bestand', 'bestanden')} gecontroleerd in {s['seconds']:.1f} s, "
                  f"{s['valid']} zonder fouten: {aantal(s['errors'], 'fout', 'fouten')}, "
                  f"{aantal(s['warnings'], 'waarschuwing', 'waarschuwingen')}, {s['infos']} info.",
                  markup=False, highlight=False)


def _counts(counts: Counter) -> str:
    return ", ".join(f"{counts[s]} {_COUNTED[s][counts[s] != 1]}" for s in (FOUT, WAARSCHUWING, INFO) if counts[s])


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
