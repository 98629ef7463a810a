"""``mvo-xl template OUT``: the empty workbook (.xlsx) or the macro-enabled one with the ribbon (.xlsm)."""

from __future__ import annotations

from pathlib import Path

from .common import EXIT_OK, EXIT_USAGE, UserError, local_path, require_workbook_name


def add_parser(sub, **kw):
    p = sub.add_parser("template", help="schrijf een lege MVO-werkmap (.xlsx, of .xlsm met knoppen)",
                       description="Schrijf de lege MVO-werkmap. Met .xlsm krijgt u de MVO-knoppen in het lint; "
                                   "met .xlsx een werkmap zonder macro's.", **kw)
    p.add_argument("output", type=local_path, metavar="UIT.xlsx|UIT.xlsm", help="het bestand om te schrijven")
    p.add_argument("--standalone", action="store_true",
                   help="(.xlsm) neem de xlwings-VBA mee, voor pc's zonder de xlwings-invoegtoepassing")
    p.add_argument("--interpreter", metavar="PAD",
                   help="(met --standalone) de Python die de knoppen starten, bv. "
                        "C:\\Users\\naam\\AppData\\Local\\Programs\\Python\\Python312\\python.exe "
                        "(standaard: het Python-startprogramma %%SystemRoot%%\\py.exe)")
    return p


def run(args, ui) -> int:
    from ..template import write_template

    out: Path = require_workbook_name(args.output)
    if args.standalone and out.suffix.lower() != ".xlsm":
        raise UserError("--standalone kan alleen met een .xlsm-bestand.", exit_code=EXIT_USAGE)
    if args.interpreter and not args.standalone:
        raise UserError("--interpreter kan alleen met --standalone (de invoegtoepassing heeft haar eigen "
                        "instelling).", exit_code=EXIT_USAGE)
    write_template(out, standalone=args.standalone, interpreter=args.interpreter)
    ui.info(f"Sjabloon geschreven: {out}")
    return EXIT_OK
