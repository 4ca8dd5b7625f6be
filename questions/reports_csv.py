"""CSV downloads of the teacher reports: UTF-8 with a BOM so Excel shows Korean."""

from django.http import HttpResponse

from .formats.spreadsheet import csv_text


def csv_response(filename: str, header: list[str], rows: list[list]) -> HttpResponse:
    """A CSV download; cells a spreadsheet would run as formulas are guarded."""
    response = HttpResponse(csv_text([header, *rows]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"
