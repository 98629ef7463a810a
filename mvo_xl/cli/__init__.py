"""The ``mvo-xl`` command line: one module per command, shared conventions in ``common``.

Each command module exposes ``add_parser(subparsers)`` and ``run(args, ui) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from .. import __version__
from .common import EXIT_FINDINGS, EXIT_USAGE, Ui, UserError, make_streams_safe

# Command modules in the order --help lists them.
COMMANDS = ("demo", "template", "group", "validate", "plan", "merge")


class _DutchFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "Gebruik: ")


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"

    def error(self, message: str):  # usage errors: exit 2, no traceback
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fout in de opdracht: {message}\n"
                              f"Meer uitleg: {self.prog} --help\n")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-q", "--quiet", "--stil", action="store_true", dest="quiet",
                        help="alleen fouten tonen (only errors)")
    parser.add_argument("--debug", action="store_true", help="toon de volledige foutmelding (traceback) bij een fout")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mvo-xl",
        formatter_class=_DutchFormatter,
        description="mvo-xl: de slimme werkmap voor het MVO-traject van uw gemeente.\n"
                    "Groepeer droombeelden, controleer de regels van de methode en maak het actieplan.\n"
                    "(Group wishes, check the method's rules, write the action plan.)",
        epilog="Uitkomst (exit code): 0 = in orde, 1 = fouten gevonden of bestand geweigerd, 2 = fout in de opdracht.",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="toon deze hulp (show this help)")
    parser.add_argument("--version", action="version", version=f"mvo-xl {__version__}",
                        help="toon het versienummer")
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT", parser_class=_Parser, title="opdrachten")
    for name in COMMANDS:
        module = importlib.import_module(f"{__name__}.{name}_cmd")
        child = module.add_parser(sub, formatter_class=_DutchFormatter, add_help=False)
        child.add_argument("-h", "--help", action="help", help="toon deze hulp (show this help)")
        _common(child)
        child.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    make_streams_safe()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    ui = Ui(quiet=args.quiet, debug=args.debug)
    try:
        return int(args.run(args, ui) or 0)
    except UserError as exc:
        if args.debug:
            raise
        ui.error(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        ui.error("Onderbroken.")
        return EXIT_FINDINGS
    except Exception as exc:  # an unexpected bug: short Dutch message, traceback only with --debug
        if args.debug:
            raise
        ui.error(f"Onverwachte fout: {type(exc).__name__}: {exc}. Probeer opnieuw met --debug en meld het probleem.")
        return EXIT_FINDINGS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
