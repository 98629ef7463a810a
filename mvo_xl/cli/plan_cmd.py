"""``mvo-xl plan IN [--output OUT] [--format xlsx|csv|md|docx]``: the action plan, headless.

xlsx: a copy of the whole workbook with ``Actieplan`` and ``Dashboard`` rebuilt;
csv/md/docx: the plan alone (docx: a Word chapter in built-in styles). The input is never modified; every output is atomic.
Findings that make the plan unsound are printed as warnings and the plan is
still written (exit 1 when one of them is a ``fout``, as for every command).
"""

from __future__ import annotations

from pathlib import Path

from .common import (EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Ui, UserError, default_output, describe, ensure_not_input,
                     load_model, local_path, require_windows_name, show_notices, show_zone_notice, writing)

FORMATS = ("xlsx", "csv", "md", "docx")
_BY_EXTENSION = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".md": "md", ".markdown": "md", ".docx": "docx"}


def add_parser(sub, **kw):
    p = sub.add_parser(
        "plan", help="maak het actieplan (Actieplan en Dashboard, of CSV/Markdown/Word)",
        description="Maak het actieplan: per thema de gekozen doelstellingen met hun acties, gerangschikt op "
                    "prioriteitsstemmen. xlsx: een kopie van de werkmap met de tabbladen Actieplan en Dashboard; "
                    "csv of md: alleen het actieplan (om te plakken in Excel, Word of een webpagina); "
                    "docx: het actieplan als hoofdstuk voor de omgevingsanalyse, in de Word-stijlen van uw "
                    "document (koppen per thema). "
                    "Het invoerbestand wordt nooit gewijzigd.", **kw)
    p.add_argument("input", type=local_path, metavar="IN.xlsx", help="de MVO-werkmap (.xlsx of .xlsm)")
    p.add_argument("-o", "--output", type=local_path, metavar="UIT",
                   help="het bestand om te schrijven (standaard: <naam>_actieplan.<formaat> naast IN)")
    p.add_argument("-f", "--format", choices=FORMATS, metavar="{xlsx,csv,md,docx}",
                   help="het formaat; standaard afgeleid uit de extensie van UIT, anders xlsx")
    p.add_argument("--titel", "--title", dest="title", metavar="TEKST",
                   help="de naam in de titel, bv. 'Gemeente Heidebeek' (standaard: de bestandsnaam)")
    return p


def choose_format(output: Path | None, fmt: str | None) -> str:
    """--format wins; else the output's extension; else xlsx. A contradiction is a usage error."""
    by_ext = _BY_EXTENSION.get(output.suffix.lower()) if output is not None else None
    if fmt and output is not None and by_ext and by_ext != fmt:
        raise UserError(f"{output}: de extensie past niet bij --format {fmt}; kies een naam die eindigt op "
                        f".{fmt}.", exit_code=EXIT_USAGE)
    if fmt:
        return fmt
    if output is not None and by_ext is None:
        raise UserError(f"{output}: onbekende extensie; kies .xlsx, .csv, .md of .docx (of geef --format).",
                        exit_code=EXIT_USAGE)
    return by_ext or "xlsx"


def run(args, ui: Ui) -> int:
    from ..dutch import aantal
    from ..io.exports import plan_csv, plan_markdown
    from ..io.writer import atomic_write_bytes
    from .common import write_edits as edit_file
    from ..plan import make_plan
    from ..steps.plan import plan_edits, plan_title

    src: Path = args.input
    if args.output is not None:
        require_windows_name(args.output)
    fmt = choose_format(args.output, args.format)
    if src.suffix.lower() not in (".xlsx", ".xlsm"):
        load_model(src)  # .xlsb, .xls, a missing file: refused by the reader, by name (exit 1)
        if fmt == "xlsx":  # an .ods is read, but only an Excel workbook can be copied with the plan in it
            from ..io.safety import save_as_advice

            raise UserError(f"{src}: het actieplan als werkmap kan alleen in een .xlsx- of .xlsm-bestand. "
                            f"Kies --format md of csv, of: {save_as_advice(src)}")
    extension = {"xlsx": src.suffix.lower() if src.suffix.lower() == ".xlsm" else ".xlsx", "csv": ".csv",
                 "md": ".md", "docx": ".docx"}[fmt]
    out: Path = args.output or default_output(src, "actieplan", extension)
    if fmt == "xlsx" and out.suffix.lower() != src.suffix.lower():
        raise UserError(f"{out}: kies een naam die eindigt op {src.suffix}, zoals de werkmap.", exit_code=EXIT_USAGE)
    ensure_not_input(out, [src])

    book = load_model(src)
    show_notices(ui, book)
    plan = make_plan(book)
    title = plan_title(book, args.title)
    with writing(out, src):
        if fmt == "xlsx":
            with ui.status("Actieplan wordt geschreven..."):
                edit_file(src, out, plan_edits(book, plan, title=title))
        elif fmt == "csv":
            atomic_write_bytes(plan_csv(plan).encode("utf-8"), out)
        elif fmt == "docx":
            from ..io.docx_export import plan_docx

            atomic_write_bytes(plan_docx(plan, title), out)
        else:
            atomic_write_bytes(plan_markdown(plan, title).encode("utf-8"), out)

    if fmt == "xlsx":
        show_zone_notice(ui, src, out)
    for finding in plan.blocking:
        ui.warn(describe(finding))
    n_obj, n_act = len(plan.objectives), len(plan.actions)
    ui.info(f"Actieplan geschreven: {out} ({aantal(n_obj, 'gekozen doelstelling', 'gekozen doelstellingen')}, "
            f"{aantal(n_act, 'actie', 'acties')}).")
    if plan.blocking:
        ui.warn(f"{aantal(len(plan.blocking), 'melding maakt', 'meldingen maken')} het actieplan onvolledig; "
                + {"xlsx": "ze staan bovenaan het tabblad Actieplan.", "csv": "ze staan hierboven (niet in de CSV).",
                   "md": "ze staan bovenaan het document.", "docx": "ze staan bovenaan het document."}[fmt])
    blocking = [*plan.blocking, *book.notices]
    return EXIT_FINDINGS if any(f.severity == "fout" for f in blocking) else EXIT_OK
