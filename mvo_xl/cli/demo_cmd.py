"""``mvo-xl demo [OUT]``: the whole product on a filled example, in one command."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..catalogue import FOUT, INFO, WAARSCHUWING
from .common import EXIT_OK, local_path, require_workbook_name


def add_parser(sub, **kw):
    p = sub.add_parser("demo", help="schrijf een ingevulde voorbeeldwerkmap en voer alle stappen uit",
                       description="Schrijf het MVO-traject van de fictieve Gemeente Heidebeek: droombeelden, "
                                   "groepen, doelstellingen, acties, stemmen, de controle en het actieplan.", **kw)
    p.add_argument("output", type=local_path, nargs="?", default=Path("mvo-demo.xlsx"), metavar="UIT.xlsx",
                   help="het bestand om te schrijven (standaard: mvo-demo.xlsx; .xlsm geeft de versie met knoppen)")
    return p


def run(args, ui) -> int:
    from ..demo import build_demo
    from ..dutch import aantal

    out: Path = require_workbook_name(args.output)
    with ui.status("Voorbeeld wordt opgebouwd..."):
        result = build_demo(out)
    counts = Counter(f.severity for f in result.findings)
    ui.info(f"Voorbeeldwerkmap geschreven: {out}")
    ui.info(f"  {aantal(result.wishes, 'droombeeld', 'droombeelden')} in {aantal(result.groups, 'groep', 'groepen')}; "
            f"actieplan met {aantal(result.objectives, 'doelstelling', 'doelstellingen')} en "
            f"{aantal(result.actions, 'actie', 'acties')}.")
    ui.info(f"  Controle: {aantal(counts[FOUT], 'fout', 'fouten')}, "
            f"{aantal(counts[WAARSCHUWING], 'waarschuwing', 'waarschuwingen')}, {counts[INFO]} info "
            "(het voorbeeld bevat met opzet enkele fouten; zie het tabblad Controle).")
    return EXIT_OK
