"""The ``mvo-xl`` command line: one module per command, shared conventions in ``common``.

Each command module exposes ``add_parser(subparsers)`` and ``run(args, ui) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import warnings
from typing import Sequence

from .. import __version__
from .common import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_USAGE, Ui, UserError, make_streams_safe

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
        self.exit(EXIT_USAGE, f"{self.prog}: fout in de opdracht: {dutch_usage_message(message)}\n"
                              f"Meer uitleg: {self.prog} --help\n")


# argparse's own messages (Python 3.9-3.13), in the order tried; the groups are kept.
_ARGPARSE_NL = (
    (r"the following arguments are required: (.*)", r"deze argumenten ontbreken: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)", r"argument \1: ongeldige keuze \2 (kies uit \3)"),
    (r"argument (.*?): invalid (\w+) value: (.*)", r"argument \1: ongeldige waarde \3"),
    (r"argument (.*?): expected one argument", r"argument \1: hier hoort één waarde bij"),
    (r"argument (.*?): expected at least one argument", r"argument \1: hier hoort minstens één waarde bij"),
    (r"argument (.*?): expected (.*) arguments?", r"argument \1: verkeerd aantal waarden"),
    (r"argument (.*?): ignored explicit argument (.*)", r"argument \1: de waarde \2 hoort hier niet bij"),
    (r"argument (.*?): not allowed with argument (.*)", r"argument \1: kan niet samen met \2"),
    (r"ambiguous option: (.*?) could match (.*)", r"dubbelzinnige optie \1: kan \2 zijn"),
    (r"argument (.*?): (.*)", r"argument \1: \2"),
)


def dutch_usage_message(message: str) -> str:
    """argparse's English error in Dutch (our own type checks already speak Dutch)."""
    for pattern, replacement in _ARGPARSE_NL:
        m = re.fullmatch(pattern, message, re.S)
        if m:
            return m.expand(replacement)
    return message


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
        epilog="Uitkomst (exit code): 0 = in orde, 1 = fouten gevonden of bestand geweigerd, 2 = fout in de opdracht, "
               "130 = onderbroken (Ctrl-C).",
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
    # openpyxl warns in English with source paths ("Data Validation extension is not supported"):
    # nothing a user can act on, so it stays out of the console.
    warnings.filterwarnings("ignore", module=r"openpyxl(\..*)?")
    warnings.filterwarnings("ignore", category=UserWarning, message=r".*(openpyxl|extension is not supported).*")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
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
        return EXIT_INTERRUPTED
    except OSError as exc:  # writing the user's output failed: name it and say why, in Dutch
        if args.debug:
            raise
        from .common import write_failure

        target = getattr(args, "output", None) or getattr(args, "write", None) or exc.filename or "uitvoer"
        ui.error(write_failure(target, exc).message)
        return EXIT_FINDINGS
    except Exception as exc:  # an unexpected bug: short Dutch message, traceback only with --debug
        if args.debug:
            raise
        ui.error(f"Onverwachte fout: {type(exc).__name__}: {exc}. Probeer opnieuw met --debug en meld het probleem.")
        return EXIT_FINDINGS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
