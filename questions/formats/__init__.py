"""Question interchange formats. Pure: each turns file text into `QuestionData`
(`loads`) and back (`dumps`); the bank service does the writing."""

from importlib import import_module

# Format name (as the commands and the admin call it) -> module in this package.
FORMAT_MODULES = {
    "json": "json_format",
    "gift": "gift",
    "moodle-xml": "moodle_xml",
    "csv": "csv_format",
}
FORMAT_SUFFIXES = {"json": ".json", "gift": ".gift.txt", "moodle-xml": ".xml", "csv": ".csv"}


def format_module(name: str):
    return import_module(f"{__name__}.{FORMAT_MODULES[name]}")
