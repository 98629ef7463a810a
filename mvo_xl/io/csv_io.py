"""Wishes from a CSV file and the grouped CSV back.

Excel-NL saves CSV with ``;`` in cp1252, other tools with ``,`` in UTF-8 (with
or without BOM), some with tabs: all are read. The output keeps every input
column and row, adds ``groep``, ``groepslabel``, ``gelijkenis``, is written
atomically (never half a file) and defuses text a spreadsheet would run as a
formula.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from mvo_xl.edits import defuse_for_csv
from mvo_xl.io.paths import same_file
from mvo_xl.io.writer import atomic_write_bytes
from mvo_xl.grouping import GroupingResult, WishIn

REQUIRED = ("thema", "droombeeld")
OUT_COLUMNS = ("groep", "groepslabel", "gelijkenis")
MANUAL_COLUMNS = ("groep (handmatig)", "groep_handmatig", "handmatig")
DELIMITERS = (";", ",", "\t")
MAX_BYTES = 200 * 1024 * 1024


class CsvError(Exception):
    """A CSV that cannot be read or written; ``message_nl`` says why, for the user."""

    def __init__(self, message_nl: str, path: Path | str, line: int | None = None):
        where = f"{path}, regel {line}" if line else f"{path}"
        self.message_nl = f"{where}: {message_nl}"
        self.path, self.line = Path(path), line
        super().__init__(self.message_nl)


@dataclass
class CsvWishes:
    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # the file line where each row starts
    delimiter: str
    encoding: str

    def column(self, *names: str) -> int | None:
        lowered = [h.strip().lower() for h in self.header]
        return next((lowered.index(n) for n in names if n in lowered), None)

    def keys(self) -> list[str]:
        """The ``id`` of each row, or ``rij N`` (its line) where there is none."""
        at = self.column("id")
        return [(row[at].strip() if at is not None else "") or f"rij {line}" for row, line in zip(self.rows, self.lines)]

    def wishes(self) -> list[WishIn]:
        theme, text = self.column("thema"), self.column("droombeeld")
        group, manual = self.column("groep"), self.column(*MANUAL_COLUMNS)
        return [WishIn(key, row[theme].strip(), row[text],
                       group=row[group].strip() if group is not None else "",
                       manual_group=row[manual].strip() if manual is not None else "")
                for key, row in zip(self.keys(), self.rows)]


def read_wishes_csv(path: Path | str) -> CsvWishes:
    """Read a CSV with at least the columns ``thema`` and ``droombeeld`` (``id`` optional)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CsvError(f"het bestand is groter dan {MAX_BYTES // 1024 // 1024} MB.", path)
        data = path.read_bytes()
    except OSError as exc:
        raise CsvError(f"het bestand kan niet gelezen worden ({exc.strerror or exc}).", path) from exc
    text, encoding = _decode(data, path)
    lines_ = text.splitlines()
    sep = re.fullmatch(r"\s*sep=(.)\s*", lines_[0]) if lines_ else None  # Excel's "sep=;" first line
    first = next((line for line in lines_[1 if sep else 0:] if line.strip()), "")
    if not first:
        raise CsvError("het bestand is leeg; verwacht een kopregel met de kolommen thema en droombeeld.", path)
    delimiter = sep.group(1) if sep and sep.group(1) in DELIMITERS else max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, lines = [], []
    try:
        if sep:
            next(reader)
        header = next(reader)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise CsvError(f"deze regel heeft {len(row)} velden, de kopregel maar {len(header)}. "
                               f"Staat er een {_name(delimiter)} in een tekst zonder aanhalingstekens?",
                               path, reader.line_num)
            rows.append(row + [""] * (len(header) - len(row)))
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise CsvError(f"dit is geen geldige CSV ({_csv_reason(exc)}). Controleer de aanhalingstekens.",
                       path, reader.line_num) from exc
    table = CsvWishes(path, header, rows, lines, delimiter, encoding)
    missing = [c for c in REQUIRED if table.column(c) is None]
    if missing:
        raise CsvError(f"de kolom(men) {', '.join(missing)} ontbreken. Gevonden kolommen: "
                       f"{', '.join(h for h in header if h.strip()) or '(geen)'}. "
                       f"Scheidingsteken gelezen als {_name(delimiter)}.", path, 1)
    seen: dict[str, int] = {}
    for key, line in zip(table.keys(), lines):
        if key in seen:
            raise CsvError(f"de id {key} komt twee keer voor (ook op regel {seen[key]}).", path, line)
        seen[key] = line
    return table


def write_grouped_csv(table: CsvWishes, result: GroupingResult, out: Path | str) -> Path:
    """Write ``table`` plus groep, groepslabel, gelijkenis to ``out``, atomically; never over the input."""
    out = Path(out)
    if same_file(out, table.path):
        raise CsvError("het invoerbestand wordt nooit overschreven; kies een ander uitvoerbestand.", out)
    header = list(table.header)
    at = {}
    for name in OUT_COLUMNS:
        existing = table.column(name)
        at[name] = existing if existing is not None else len(header)
        if existing is None:
            header.append(name)
    body = []
    for key, row in zip(table.keys(), table.rows):
        cells = row + [""] * (len(header) - len(row))
        a = result.assignments.get(key)
        cells[at["groep"]] = a.group if a else ""
        cells[at["groepslabel"]] = a.label if a else ""
        cells[at["gelijkenis"]] = str(a.similarity) if a and a.group else ""
        body.append([defuse_for_csv(c) for c in cells])
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=table.delimiter, lineterminator="\r\n")
    writer.writerow([defuse_for_csv(h) for h in header])
    writer.writerows(body)
    text = buffer.getvalue()
    encoding = table.encoding
    try:
        payload = text.encode(encoding)
    except UnicodeEncodeError:
        payload = text.encode("utf-8-sig")  # cp1252 has no emoji: keep every character instead
    _atomic_write(out, payload)
    return out


def _csv_reason(exc: csv.Error) -> str:
    """The csv module's English error, in Dutch."""
    text = str(exc)
    for english, dutch in (("field larger than field limit", "een veld is te lang; staat er ergens een "
                                                             "aanhalingsteken zonder einde?"),
                           ("unexpected end of data", "het bestand eindigt midden in een tekst tussen aanhalingstekens"),
                           ("expected after", "na een afsluitend aanhalingsteken hoort een scheidingsteken"),
                           ("NUL", "het bestand bevat NUL-tekens")):
        if english in text:
            return dutch
    return "onleesbare regel"


def _bomless_utf(data: bytes) -> str | None:
    """UTF-16/32 without a byte order mark, told by where the zero bytes of ASCII text fall."""
    sample = data[:4096]
    sample = sample[:len(sample) - len(sample) % 4]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    n = len(sample) // 4
    zeros = [sample[i::4].count(0) for i in range(4)]
    if min(zeros[1:]) >= 0.9 * n and zeros[0] < 0.5 * n:
        return "utf-32-le"
    if min(zeros[:3]) >= 0.9 * n and zeros[3] < 0.5 * n:
        return "utf-32-be"
    even, odd = zeros[0] + zeros[2], zeros[1] + zeros[3]
    if odd >= 0.6 * 2 * n and even < 0.3 * 2 * n:
        return "utf-16-le"
    if even >= 0.6 * 2 * n and odd < 0.3 * 2 * n:
        return "utf-16-be"
    return None


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    bomless = None
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encodings = ("utf-32",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    elif (bomless := _bomless_utf(data)) is not None:
        encodings = (bomless,)
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            # a BOM-less UTF-16/32 file is written back with a BOM, so Excel reads it too
            return data.decode(encoding), encoding.rsplit("-", 1)[0] if encoding == bomless else encoding
        except UnicodeDecodeError:
            continue
    raise CsvError("de tekens zijn niet te lezen; bewaar het bestand als CSV UTF-8 of CSV (puntkomma).", path)


def _atomic_write(out: Path, payload: bytes) -> None:
    try:
        atomic_write_bytes(payload, out)
    except OSError as exc:
        raise CsvError(f"het bestand kan niet geschreven worden ({exc.strerror or exc}).", out) from exc


def _name(delimiter: str) -> str:
    return {";": "puntkomma (;)", ",": "komma (,)", "\t": "tab"}[delimiter]
