import datetime as dt

import pytest

from mvo_xl.normalize import clean_text, parse_bool, parse_deadline, parse_number, split_list


@pytest.mark.parametrize("raw, expected", [
    ("Ja", True), ("ja", True), ("JA ", True), (" j", True), ("x", True), (True, True),
    ("Nee", False), ("nee", False), ("NEEN", False), ("n", False), (False, False),
    ("", None), (None, None), ("misschien", None),
])
def test_yes_no_variants(raw, expected):
    assert parse_bool(raw) is expected


@pytest.mark.parametrize("raw, kind, label, end", [
    (dt.date(2028, 3, 15), "date", "15/03/2028", dt.date(2028, 3, 15)),
    (dt.datetime(2028, 3, 15, 0, 0), "date", "15/03/2028", dt.date(2028, 3, 15)),
    (2028, "year", "2028", dt.date(2028, 12, 31)),
    (2028.0, "year", "2028", dt.date(2028, 12, 31)),
    ("2028", "year", "2028", dt.date(2028, 12, 31)),
    ("eind 2029", "year", "2029", dt.date(2029, 12, 31)),
    ("Q3 2027", "quarter", "Q3 2027", dt.date(2027, 9, 30)),
    ("q1-2027", "quarter", "Q1 2027", dt.date(2027, 3, 31)),
    ("2027 Q4", "quarter", "Q4 2027", dt.date(2027, 12, 31)),
    ("2e kwartaal 2028", "quarter", "Q2 2028", dt.date(2028, 6, 30)),
    ("KW2 2028", "quarter", "Q2 2028", dt.date(2028, 6, 30)),
    ("31/12/2027", "date", "31/12/2027", dt.date(2027, 12, 31)),
    ("1-7-2028", "date", "01/07/2028", dt.date(2028, 7, 1)),
    ("2027-06-30", "date", "30/06/2027", dt.date(2027, 6, 30)),
    ("juni 2028", "date", "30/06/2028", dt.date(2028, 6, 30)),
    (46753, "date", "01/01/2028", dt.date(2028, 1, 1)),  # an Excel serial that lost its date format
    # the ways a facilitator writes a deadline in Dutch, each the last day it allows
    ("2027-09", "date", "30/09/2027", dt.date(2027, 9, 30)),
    ("09/2027", "date", "30/09/2027", dt.date(2027, 9, 30)),
    ("9-2027", "date", "30/09/2027", dt.date(2027, 9, 30)),
    ("sept. 2027", "date", "30/09/2027", dt.date(2027, 9, 30)),
    ("eind dec. 2027", "date", "31/12/2027", dt.date(2027, 12, 31)),
    ("30 juni 2028", "date", "30/06/2028", dt.date(2028, 6, 30)),
    ("1 sep 2027", "date", "01/09/2027", dt.date(2027, 9, 1)),
    ("tegen eind 2030", "year", "2030", dt.date(2030, 12, 31)),
    ("ten laatste 2029", "year", "2029", dt.date(2029, 12, 31)),
    ("uiterlijk 31/12/2028", "date", "31/12/2028", dt.date(2028, 12, 31)),
    ("tegen september 2027", "date", "30/09/2027", dt.date(2027, 9, 30)),
    ("tweede kwartaal 2027", "quarter", "Q2 2027", dt.date(2027, 6, 30)),
    ("eind Q3 2027", "quarter", "Q3 2027", dt.date(2027, 9, 30)),
])
def test_deadline_forms(raw, kind, label, end):
    deadline = parse_deadline(raw)
    assert deadline is not None
    assert (deadline.kind, deadline.label, deadline.end) == (kind, label, end)


@pytest.mark.parametrize("raw", ["", None, "binnenkort", "Q5 2027", "31/02/2027", "3000", 12, "volgend jaar",
                                 "13/2027", "2027-13", "31 juni 2028", "tegen", "tegen binnenkort", "vijfde kwartaal 2027"])
def test_unreadable_deadlines(raw):
    assert parse_deadline(raw) is None


def test_lists_split_on_semicolon_and_comma():
    assert split_list("Milieudienst; Financiën, Jeugd ;; ") == ["Milieudienst", "Financiën", "Jeugd"]
    assert split_list(None) == []
    assert split_list("A;A") == ["A"]


def test_text_is_trimmed_and_folded():
    assert clean_text("  Veilige\u00a0 fietspaden \n") == "Veilige fietspaden"
    assert clean_text(None) == ""
    assert clean_text(12.0) == "12"


@pytest.mark.parametrize("raw, expected", [
    (1250, 1250.0), ("€ 1.250", 1250.0), ("1.250,50", 1250.5), ("12,5", 12.5), ("1 250 euro", 1250.0),
    ("", None), ("veel", None),
    # Flemish ways to write a whole amount, and thousands as 'k'
    ("€ 5.000,-", 5000.0), ("5.000,-", 5000.0), ("€ 250,-", 250.0), ("12,5k", 12500.0), ("12k", 12000.0),
    ("€ 12,5 k", 12500.0), ("1.5K", 1500.0), ("k", None), ("1 VTE", None), ("5.000,-,-", None),
])
def test_numbers(raw, expected):
    assert parse_number(raw) == expected
