"""``mvo-xl merge SUBMISSION... --into MASTER``: bring the submitted workbooks together, nothing lost or doubled."""

from __future__ import annotations

import datetime as dt
import glob
import unicodedata
from collections import Counter
from pathlib import Path

from ..dutch import aantal
from .common import (EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Ui, UserError, describe, ensure_not_input, load_model,
                     local_path, local_path_text, print_json, require_windows_name, show_notices, show_zone_notice, typed_paths,
                     writing)

_EXTENSIONS = (".xlsx", ".xlsm")
_MERGED = "_samengevoegd_"  # in the name of every default output


def add_parser(sub, **kw):
    p = sub.add_parser(
        "merge", help="voeg ingediende werkmappen samen in de hoofdwerkmap",
        description="Voeg de droombeelden, deelnemers, prioriteiten, thema's, doelstellingen en acties van "
                    "ingediende werkmappen toe aan een kopie van de hoofdwerkmap. Dubbele rijen worden "
                    "overgeslagen, conflicten gemeld (de hoofdwerkmap wint), onleesbare bestanden geweigerd. "
                    "Elk droombeeld krijgt in de kolom Bron de naam van zijn bestand.", **kw)
    p.add_argument("submissions", nargs="+", type=local_path_text, metavar="INZENDING",
                   help="ingediende werkmappen: bestanden, mappen (ook submappen) of patronen zoals '*.xlsx'")
    p.add_argument("--into", "--in", dest="master", type=local_path, required=True, metavar="HOOFDWERKMAP",
                   help="de hoofdwerkmap; die zelf wordt nooit gewijzigd")
    p.add_argument("-o", "--output", type=local_path, metavar="UIT",
                   help="het resultaat (standaard: <hoofdwerkmap>_samengevoegd_<datum-tijd> ernaast)")
    p.add_argument("-n", "--dry-run", "--proef", action="store_true", dest="dry_run",
                   help="toon alleen wat er zou gebeuren; schrijf niets")
    p.add_argument("--json", action="store_true", help="schrijf het overzicht als JSON naar stdout")
    return p


def run(args, ui: Ui) -> int:
    from ..io.merge_writer import MergeWriteError, write_merge
    from ..io.package import PackageError
    from ..io.paths import same_file
    from ..io.reader import read_workbook_isolated
    from ..io.safety import UnreadableWorkbook
    from ..merge import plan_merge

    master: Path = args.master
    if master.suffix.lower() not in _EXTENSIONS:
        raise UserError(f"{master}: de hoofdwerkmap moet een .xlsx- of .xlsm-bestand zijn.", exit_code=EXIT_USAGE)
    output = None if args.dry_run else (args.output or default_merge_output(master))
    if output is not None:
        require_windows_name(output)
    if output is not None and output.suffix.lower() != master.suffix.lower():
        raise UserError(f"{output}: kies een naam die eindigt op {master.suffix}, zoals de hoofdwerkmap.",
                        exit_code=EXIT_USAGE)
    paths = [p for p in expand_submissions(typed_paths(args.submissions)) if not same_file(p, master)]
    if not paths:
        raise UserError("Geen ingediende werkmappen gevonden (.xlsx of .xlsm).", exit_code=EXIT_USAGE)
    if output is not None:
        ensure_not_input(output, [master, *paths])
    book = load_model(master)
    show_notices(ui, book)

    names = display_names(paths)
    books, unreadable = [], []
    for path in ui.progress(paths, len(paths), "Inzendingen lezen"):
        try:
            books.append(read_workbook_isolated(path, display_name=names[path]))
        except UnreadableWorkbook as exc:
            unreadable.append(exc.finding(names[path]))
        except Exception as exc:  # noqa: BLE001 - one submission never stops the merge
            unreadable.append(UnreadableWorkbook("corrupt", type(exc).__name__).finding(names[path]))
    plan = plan_merge(book, books)
    for finding in unreadable:
        plan.refuse_file(finding.file, [finding])

    written = None
    if output is not None and (plan.total_added or args.output):
        try:
            with writing(output):
                written = write_merge(master, plan, output, grows=book.table_grows())
        except MergeWriteError as exc:
            raise UserError(f"{master.name}: {exc}") from exc
        except PackageError as exc:
            raise UserError(exc.message) from exc

    if args.json:
        print_json({"master": str(master), "output": str(written) if written else None,
                    "dry_run": args.dry_run, "added": plan.total_added, "clean": plan.clean,
                    "files": [s.as_dict() for s in plan.files]})
    _report(ui, plan, args.dry_run, written)
    if written is not None:
        show_zone_notice(ui, master, written)
    return EXIT_OK if plan.clean else EXIT_FINDINGS


def default_merge_output(master: Path) -> Path:
    """'<stem>_samengevoegd_<YYYYMMDD-HHMMSS>' next to the master; never an existing file."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = master.with_name(f"{master.stem}{_MERGED}{stamp}{master.suffix}")
    n = 2
    while out.exists():
        out = master.with_name(f"{master.stem}{_MERGED}{stamp}-{n}{master.suffix}")
        n += 1
    return out


def expand_submissions(items: list[str]) -> list[Path]:
    """Files as given; folders searched recursively for workbooks; patterns expanded (Windows shells do not)."""
    from ..io.paths import expand_paths

    found, unmatched = expand_paths(items, accept=_is_workbook_name)
    if unmatched and any(glob.has_magic(item) for item in unmatched):
        raise UserError(f"{unmatched[0]}: geen bestanden gevonden voor dit patroon.", exit_code=EXIT_USAGE)
    return found


def _is_workbook_name(path: Path) -> bool:
    """Workbooks in a folder; not Excel's lock files (~$), our temp files (.~mvo-) nor earlier merge results."""
    from ..io.paths import SPREADSHEET_EXTENSIONS

    return (path.suffix.lower() in SPREADSHEET_EXTENSIONS and not path.name.startswith(("~$", "."))
            and _MERGED not in path.stem and path.is_file())


def display_names(paths: list[Path]) -> dict[Path, str]:
    """The file name as the source of a row; the path where two submissions share a name.

    Composed (NFC), as typed on Windows: macOS hands out decomposed names ('e' + U+0308), which
    look the same but are not found or filtered as 'ë' in Excel.
    """
    names = {p: unicodedata.normalize("NFC", p.name) for p in paths}
    counts = Counter(name.casefold() for name in names.values())
    return {p: name if counts[name.casefold()] == 1 else unicodedata.normalize("NFC", p.as_posix())
            for p, name in names.items()}


def _report(ui: Ui, plan, dry_run: bool, written: Path | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    if not ui.quiet:
        table = Table(title="Samenvoegen" + (" (proef: er wordt niets geschreven)" if dry_run else ""),
                      title_justify="left")
        table.add_column("Bestand", overflow="fold")
        table.add_column("Toegevoegd", justify="right")
        table.add_column("Dubbel\novergeslagen", justify="right")
        table.add_column("Geweigerd", justify="right")
        table.add_column("Reden", overflow="fold")
        for s in plan.files:
            if s.problems:
                table.add_row(escape(s.file), "0", "0", "hele bestand", escape(s.problems[0].message))
                continue
            reasons = [f"{n}× {reason}" for reason, n in s.reasons.items()] + s.notes
            table.add_row(escape(s.file), str(s.total_added), str(s.total_skipped), str(s.total_refused),
                          escape("\n".join(reasons)))
        ui.err.print(table)
    for finding in plan.findings:
        ui.warn(describe(finding))
    if written is not None:
        ui.info(f"{aantal(plan.total_added, 'rij', 'rijen')} toegevoegd; geschreven: {written}")
    elif dry_run:
        ui.info(f"Proef: {aantal(plan.total_added, 'rij zou', 'rijen zouden')} toegevoegd worden; "
                "er is niets geschreven.")
    else:
        ui.info("Niets nieuws om toe te voegen; er is geen bestand geschreven.")
