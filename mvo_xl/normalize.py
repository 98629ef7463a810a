"""Cell values the way users type them, turned into plain Python values.

Users type ``ja``, ``JA `` or ``Ja``; a deadline as an Excel date, a year or a
quarter; lists with ``;`` or ``,``. Each parser here accepts those forms and
returns ``None`` for what it cannot read, so a rule can say what is wrong.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass

_SPACES = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]|\u200b")  # any white space but a plain space, or a zero-width space
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def clean_text(value: object) -> str:
    """Trimmed text with inner runs of white space folded; '' for empty cells.

    Non-breaking spaces (pasted from Word or a web page) count as spaces.
    """
    if value is None:
        return ""
    if type(value) is str:  # the common case, kept cheap: it runs for every cell of every table
        if not value:
            return ""
        if "  " not in value and not _ODD_SPACE.search(value):
            return value.strip()
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value).replace("\u00a0", " ").replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


def clean_lines(value: object) -> str:
    """:func:`clean_text` line by line: a text typed with Alt+Enter keeps its lines (blank ends dropped)."""
    if not isinstance(value, str) or ("\n" not in value and "\r" not in value):
        return clean_text(value)
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(clean_text(line) for line in lines).strip("\n")


def fold(text: str) -> str:
    """Case- and accent-insensitive key for matching names typed by different people."""
    text = unicodedata.normalize("NFKD", clean_text(text))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


# What people type in a cell they cannot fill yet: it holds no indicator, target, means or department.
_PLACEHOLDERS = {
    "nvt", "ntb", "tbd", "todo", "pm", "tebepalen", "nogtebepalen", "intevullen", "nogintevullen", "onbekend",
    "nogonbekend", "nognietbekend", "nogniet", "volgt", "later", "tebespreken", "nogtebespreken",
}


def is_placeholder(value: object) -> bool:
    """'?', '-', '...', 'xxx', 'n.v.t.', 'NTB', 'nog te bepalen', 'p.m.': filled in, but with nothing yet.
    Never a value that means something: '0', 'geen', '-20%'."""
    key = fold(value)
    if not key:
        return False
    if re.fullmatch(r"[\W_]+|x+", key):
        return True
    return re.sub(r"[\W_]+", "", key) in _PLACEHOLDERS


_YES = {"ja", "j", "yes", "y", "x", "1", "true", "waar", "ok", "gekozen"}
_NO = {"nee", "neen", "n", "no", "0", "false", "onwaar", "niet gekozen"}


def parse_bool(value: object) -> bool | None:
    """Ja/nee in the ways people type it; None when empty or unreadable."""
    if isinstance(value, bool):
        return value
    key = fold(value).rstrip(".!")
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def split_list(value: object) -> list[str]:
    """'a; b, c' -> ['a', 'b', 'c']; empty items and duplicates dropped, order kept."""
    text = clean_text(value)
    out: list[str] = []
    for part in re.split(r"[;,\n]", text):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


def parse_number(value: object) -> float | None:
    """12, 12.5, '12,5', '€ 1.250', '1 250 euro' -> float; None when there is no number.

    Never a number: TRUE/FALSE, NaN, infinity (1e309), digits of other scripts ('١٢').
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return number if math.isfinite(number) else None
    text = clean_text(value).lower()
    if not text.isascii():
        text = re.sub(r"(€|\s)", "", text)
        if not text.isascii():
            return None
    text = re.sub(r"(€|eur(o)?|euro's|\s)", "", text)
    text = re.sub(r"(?<=\d)[.,]-$", "", text)  # '5.000,-': a whole amount, as written in Flanders
    thousands = text.endswith("k")  # '12,5k': thousands
    if thousands:
        text = text[:-1]
    if not text:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):  # 1.250,50 (Flemish thousands)
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", text):
        text = text.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):  # 1,250.50
        text = text.replace(",", "")
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?", text):
        return None  # 'nan', 'inf', 'infinity', '1_000'
    number = float(text) * (1000 if thousands else 1)
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class Deadline:
    """A deadline as the method allows it: a date, a year or a quarter."""

    kind: str  # "date", "year" or "quarter"
    year: int
    quarter: int | None = None
    day: dt.date | None = None

    @property
    def end(self) -> dt.date:
        """The last day the deadline allows: a year means 31 December."""
        if self.kind == "date" and self.day:
            return self.day
        if self.kind == "quarter" and self.quarter:
            month = self.quarter * 3
            next_month = dt.date(self.year + (month == 12), month % 12 + 1, 1)
            return next_month - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        if self.kind == "date" and self.day:
            return self.day.strftime("%d/%m/%Y")
        if self.kind == "quarter":
            return f"Q{self.quarter} {self.year}"
        return str(self.year)

    @property
    def sort_key(self) -> dt.date:
        return self.end


_QUARTER_PATTERNS = (
    re.compile(r"^(?:q|k|kw|kwartaal)\s*([1-4])\s*[-/ ]?\s*(\d{4})$"),
    re.compile(r"^(\d{4})\s*[-/ ]?\s*(?:q|k|kw|kwartaal)\s*([1-4])$"),
    re.compile(r"^([1-4])\s*(?:e|de|ste)?\s*kwartaal\s*(\d{4})$"),
)
_ORDINALS = {"eerste": "1", "tweede": "2", "derde": "3", "vierde": "4"}  # 'tweede kwartaal 2027'
# 'tegen 2030', 'uiterlijk 31/12/2028', 'ten laatste eind 2029': the deadline is what follows.
_PREFIX = re.compile(r"^(?:tegen|voor|uiterlijk|ten laatste|deadline:?)\s+(?=\S)")
_DATE_PATTERNS = (
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?$"), ("y", "m", "d")),
)
_MONTH_PATTERNS = (  # a month: its last day
    (re.compile(r"^(\d{4})-(\d{1,2})$"), ("y", "m")),  # '2027-09'
    (re.compile(r"^(\d{1,2})[/.-](\d{4})$"), ("m", "y")),  # '09/2027'
)
_MONTHS = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "maa": 3, "mrt": 3, "maart": 3, "apr": 4, "april": 4,
    "mei": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8, "augustus": 8, "sep": 9, "sept": 9,
    "september": 9, "okt": 10, "oktober": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MIN_YEAR, _MAX_YEAR = 1990, 2100


def _year_ok(year: int) -> bool:
    return _MIN_YEAR <= year <= _MAX_YEAR


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)


def parse_deadline(value: object) -> Deadline | None:
    """Excel date, Excel serial number, year (2028, '2028', 'eind 2028'), quarter ('Q3 2027', '2027-Q3',
    '3e kwartaal 2027', 'tweede kwartaal 2027'), '31/12/2027', '2027-12-31', '30 juni 2028', a month
    ('december 2027', 'sept. 2027', '2027-09', '09/2027': its last day), each also after 'tegen',
    'voor', 'uiterlijk' or 'ten laatste'; None when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):  # serial 0 or negative shows as 1899/1900: never a deadline
        return Deadline("date", value.year, day=value.date()) if _year_ok(value.year) else None
    if isinstance(value, dt.date):
        return Deadline("date", value.year, day=value) if _year_ok(value.year) else None
    if isinstance(value, (dt.time, dt.timedelta)):  # a date cell holding 0 (or a duration) is no date
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            return None
        if float(value).is_integer() and _year_ok(int(value)):
            return Deadline("year", int(value))
        if 20000 < value < 80000:  # an Excel serial date that lost its format
            day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
            return Deadline("date", day.year, day=day)
        return None
    text = fold(value).strip(" .")
    if not text:
        return None
    if any(ch.isdigit() and not ch.isascii() for ch in text):  # '٢٠٢٧': Python reads it as 2027, Excel does not
        return None
    while _PREFIX.match(text):
        text = _PREFIX.sub("", text)
    text = re.sub(r"^(?:eind|einde) (?=(?:q|k|kw)\s*[1-4]\b)", "", text)  # 'eind Q3 2027' is Q3 2027
    text = re.sub(r"^(eerste|tweede|derde|vierde)(?= kwartaal)", lambda m: _ORDINALS[m.group(1)], text)
    text = re.sub(r"\b([a-z]{3,9})\.(?= )", r"\1", text)  # 'sept. 2027': an abbreviated month
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return Deadline("year", year) if _year_ok(year) else None
    for pattern in _QUARTER_PATTERNS:
        m = pattern.match(text)
        if m:
            a, b = m.groups()
            quarter, year = (int(a), int(b)) if len(a) == 1 else (int(b), int(a))
            return Deadline("quarter", year, quarter=quarter) if _year_ok(year) else None
    for pattern, order in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups())))
            try:
                day = dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
            return Deadline("date", day.year, day=day) if _year_ok(day.year) else None
    for pattern, order in _MONTH_PATTERNS:
        m = pattern.match(text)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups())))
            if 1 <= parts["m"] <= 12 and _year_ok(parts["y"]):
                return Deadline("date", parts["y"], day=_month_end(parts["y"], parts["m"]))
            return None
    m = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})", text)  # '30 juni 2028'
    if m and m.group(2) in _MONTHS and _year_ok(int(m.group(3))):
        try:
            day = dt.date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
        except ValueError:
            return None
        return Deadline("date", day.year, day=day)
    m = re.fullmatch(r"(?:(eind|einde|begin|midden)\s+)?([a-z]+)\s+(\d{4})", text)
    if m and m.group(2) in _MONTHS and _year_ok(int(m.group(3))):
        year = int(m.group(3))
        return Deadline("date", year, day=_month_end(year, _MONTHS[m.group(2)]))
    m = re.fullmatch(r"(?:eind|einde)\s+(\d{4})", text)
    if m and _year_ok(int(m.group(1))):
        return Deadline("year", int(m.group(1)))
    return None


def shown_value(value: object) -> str:
    """A cell value as a message quotes it: what a reader made of a date cell holding 0, NaN or infinity
    is said in words, not as '00:00:00', 'nan' or 'inf'."""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN (geen getal)" if value != value else "oneindig"
    if isinstance(value, (dt.time, dt.timedelta)):
        return "0 of een negatief getal in een datumcel"
    if isinstance(value, (dt.date, dt.datetime)) and not _year_ok(value.year):
        return f"{value:%d/%m/%Y} (een datumcel met 0 of een negatief getal)" if value.year < 1901 else \
            f"{value:%d/%m/%Y}"
    if isinstance(value, str) and any(ch.isdigit() and not ch.isascii() for ch in value):
        return f"{clean_text(value)} (cijfers van een ander schrift; typ 0-9)"
    return clean_text(value)


def deadline_value(deadline: Deadline | None, raw: object) -> object:
    """What to show for a deadline in an output sheet: the date itself, else its label, else the raw text."""
    if deadline is None:
        return clean_text(raw)
    if deadline.kind == "date":
        return deadline.day
    return deadline.label
