"""``mvo-xl group IN [--output OUT] [--drempel N]``: bundle similar wishes, in a workbook or a CSV."""

from __future__ import annotations

from pathlib import Path

from .common import (EXIT_FINDINGS, EXIT_OK, UserError, default_output, describe, ensure_not_input, load_model,
                     local_path, require_windows_name, require_workbook_name, show_notices, show_zone_notice, writing)

def _threshold(text: str) -> float:
    import argparse

    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen getal; kies een drempel van 0 tot 100") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} ligt niet tussen 0 en 100")
    return value


def add_parser(sub, **kw):
    p = sub.add_parser("group", help="groepeer gelijkaardige droombeelden per thema",
                       description="Groepeer de droombeelden van elk thema. IN is een MVO-werkmap (.xlsx/.xlsm) "
                                   "of een CSV met minstens de kolommen thema en droombeeld (id mag). "
                                   "'Groep (handmatig)' wint altijd en wordt nooit overschreven.", **kw)
    p.add_argument("input", type=local_path, metavar="IN", help="de werkmap of de CSV")
    p.add_argument("-o", "--output", type=local_path, metavar="UIT",
                   help="waar het resultaat komt (standaard: IN_gegroepeerd met dezelfde extensie)")
    p.add_argument("--drempel", "--threshold", type=_threshold, dest="threshold", metavar="N",
                   help="0-100: hoger = strengere, kleinere groepen (standaard: de Instellingen van de werkmap, "
                        "anders 60)")
    return p


def run(args, ui) -> int:
    source: Path = args.input
    suffix = source.suffix.lower()
    output: Path = args.output or default_output(source, "gegroepeerd")
    require_windows_name(output)
    ensure_not_input(output, [source])
    if suffix == ".csv":
        return _run_csv(source, output, args.threshold, ui)
    from .common import write_edits as edit_file
    from ..steps.group import group_step

    book = load_model(source)  # first: an .xlsb or .xls is refused by name (exit 1), not for its output name
    if suffix not in (".xlsx", ".xlsm"):
        from ..io.safety import save_as_advice

        raise UserError(f"{source}: groeperen schrijft de groepen in de werkmap zelf, en dat kan alleen in een "
                        f".xlsx- of .xlsm-bestand. {save_as_advice(source)}")
    require_workbook_name(output)
    with ui.status("Droombeelden worden gegroepeerd..."), writing(output, source):
        result = group_step(book, threshold=args.threshold)
        edit_file(source, output, result.edits)
    show_zone_notice(ui, source, output)
    for finding in result.findings:
        (ui.info if finding.severity == "info" else ui.warn)(describe(finding))
    _report(ui, output, result.grouping)
    return EXIT_FINDINGS if any(f.severity == "fout" for f in result.findings) else EXIT_OK


def _run_csv(source: Path, output: Path, threshold: float | None, ui) -> int:
    from ..grouping import group_wishes
    from ..io.csv_io import CsvError, read_wishes_csv, write_grouped_csv

    if not source.exists():
        raise UserError(f"{source}: bestand niet gevonden.")
    try:
        table = read_wishes_csv(source)
        wishes = [w for w in table.wishes() if w.text.strip()]
        with ui.status("Droombeelden worden gegroepeerd..."), writing(output):
            result = group_wishes(wishes, **({} if threshold is None else {"threshold": threshold}))
            write_grouped_csv(table, result, output)
    except CsvError as exc:
        raise UserError(exc.message_nl) from exc
    _report(ui, output, result)
    return EXIT_OK


def _report(ui, output: Path, grouping) -> None:
    from ..dutch import aantal

    themes = len({g.theme for g in grouping.groups if g.theme.strip()})  # wishes without a theme are no theme
    no_theme = sum(len(g.keys) for g in grouping.groups if not g.theme.strip())
    extra = f" (en {aantal(no_theme, 'droombeeld', 'droombeelden')} zonder thema)" if no_theme else ""
    ui.info(f"{aantal(len(grouping.assignments), 'droombeeld', 'droombeelden')} in "
            f"{aantal(len(grouping.groups), 'groep', 'groepen')} over {aantal(themes, 'thema', 'thema’s')}{extra} "
            f"geschreven naar {output}")
