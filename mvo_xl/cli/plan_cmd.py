"""``mvo-xl plan IN [--output OUT] [--format xlsx|csv|md]``: the action plan, headless.

xlsx: a copy of the whole workbook with ``Actieplan`` and ``Dashboard`` rebuilt;
csv/md: the plan alone. The input is never modified; every output is atomic.
Findings that make the plan unsound are printed as warnings and the plan is
still written (exit 1 when one of them is a ``fout``, as for every command).
"""

from __future__ import annotations

from pathlib import Path

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Ui, UserError, default_output, describe, ensure_not_input, load_model

FORMATS = ("xlsx", "csv", "md")
_BY_EXTENSION = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".md": "md", ".markdown": "md"}


def add_parser(sub, **kw):
    p = sub.add_parser(
        "plan", help="maak het actieplan (Actieplan en Dashboard, of CSV/Markdown)",
        description="Maak het actieplan: per thema de gekozen doelstellingen met hun acties, gerangschikt op "
                    "prioriteitsstemmen. xlsx: een kopie van de werkmap met de tabbladen Actieplan en Dashboard; "
                    "csv of md: alleen het actieplan (om te plakken in Excel, Word of een webpagina). "
                    "Het invoerbestand wordt nooit gewijzigd.", **kw)
    p.add_argument("input", type=Path, metavar="IN.xlsx", help="de MVO-werkmap (.xlsx of .xlsm)")
    p.add_argument("-o", "--output", type=Path, metavar="UIT",
                   help="het bestand om te schrijven (standaard: <naam>_actieplan.<formaat> naast IN)")
    p.add_argument("-f", "--format", choices=FORMATS, metavar="{xlsx,csv,md}",
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
        raise UserError(f"{output}: onbekende extensie; kies .xlsx, .csv of .md (of geef --format).",
                        exit_code=EXIT_USAGE)
    return by_ext or "xlsx"


def run(args, ui: Ui) -> int:
    from ..io.exports import plan_csv, plan_markdown
    from ..io.writer import atomic_write_bytes
    from .common import write_edits as edit_file
    from ..plan import make_plan
    from ..steps.plan import plan_edits, plan_title

    src: Path = args.input
    if src.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UserError(f"{src}: de werkmap moet een .xlsx- of .xlsm-bestand zijn.", exit_code=EXIT_USAGE)
    fmt = choose_format(args.output, args.format)
    extension = {"xlsx": src.suffix.lower(), "csv": ".csv", "md": ".md"}[fmt]
    out: Path = args.output or default_output(src, "actieplan", extension)
    if fmt == "xlsx" and out.suffix.lower() != src.suffix.lower():
        raise UserError(f"{out}: kies een naam die eindigt op {src.suffix}, zoals de werkmap.", exit_code=EXIT_USAGE)
    ensure_not_input(out, [src])

    book = load_model(src)
    plan = make_plan(book)
    title = plan_title(book, args.title)
    if fmt == "xlsx":
        with ui.status("Actieplan wordt geschreven..."):
            edit_file(src, out, plan_edits(book, plan, title=title))
    elif fmt == "csv":
        atomic_write_bytes(plan_csv(plan).encode("utf-8"), out)
    else:
        atomic_write_bytes(plan_markdown(plan, title).encode("utf-8"), out)

    for finding in plan.blocking:
        ui.warn(describe(finding))
    n_obj, n_act = len(plan.objectives), len(plan.actions)
    ui.info(f"Actieplan geschreven: {out} ({n_obj} gekozen doelstelling(en), {n_act} actie(s)).")
    if plan.blocking:
        ui.warn(f"{len(plan.blocking)} melding(en) maken het actieplan onvolledig; ze staan bovenaan "
                + ("het tabblad Actieplan." if fmt != "csv" else "hierboven (niet in de CSV)."))
    return EXIT_FINDINGS if any(f.severity == "fout" for f in plan.blocking) else EXIT_OK
