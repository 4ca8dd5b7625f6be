"""Importing and exporting questions from the admin, in every supported format."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from ..formats import FORMAT_MODULES, FORMAT_SUFFIXES, format_module
from ..formats.bank import FormatError
from ..models import Document
from ..selectors.bank import questions_for_export
from ..services.bank import BankImportError, questions_import


class ImportForm(forms.Form):
    file = forms.FileField(label="파일")
    format = forms.ChoiceField(
        label="형식",
        choices=[("gift", "GIFT"), ("moodle-xml", "Moodle XML"), ("csv", "CSV"), ("json", "JSON")],
    )
    document = forms.ModelChoiceField(label="문서", queryset=Document.objects.all(), initial=1)

    def clean_file(self):
        try:
            return self.cleaned_data["file"].read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError("UTF-8 텍스트 파일이 아닙니다.") from error


def import_view(model_admin, request):
    """Upload, preview what would be created or updated (or why nothing can be),
    then confirm. The file waits in the session between the two steps."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "문제 가져오기",
        "formats": [
            ("gift", "GIFT"),
            ("moodle-xml", "Moodle XML"),
            ("csv", "CSV"),
            ("json", "JSON"),
        ],
    }
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.pop("question_import", None)
        if pending is None:
            messages.error(request, "가져올 파일이 없습니다. 다시 올려 주세요.")
            return redirect("admin:questions_question_import")
        report, errors = _import(pending, dry_run=False)
        if errors:
            messages.error(request, "가져오지 못했습니다: " + " / ".join(errors))
        else:
            created, updated = len(report.created), len(report.updated)
            messages.success(request, f"가져왔습니다: 새 문제 {created}개, 바뀐 문제 {updated}개")
        return redirect("admin:questions_question_changelist")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = {
            "text": form.cleaned_data["file"],
            "format": form.cleaned_data["format"],
            "document": form.cleaned_data["document"].pk,
        }
        report, errors = _import(pending, dry_run=True)
        if not errors:
            request.session["question_import"] = pending
        context.update(report=report, errors=errors)
    context["form"] = form
    return render(request, "admin/questions/import.html", context)


def export_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    name = request.GET.get("format", "json")
    if name not in FORMAT_MODULES:
        raise Http404
    try:
        text = format_module(name).dumps(questions_for_export())
    except FormatError as error:  # a question this format cannot express
        messages.error(request, f"{name} 형식으로 내보낼 수 없습니다: {error}")
        return redirect("admin:questions_question_import")
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    filename = f"questions{FORMAT_SUFFIXES[name]}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _import(pending: dict, *, dry_run: bool):
    """Parse and import (or rehearse) an uploaded file: (report, Korean errors)."""
    try:
        questions = format_module(pending["format"]).loads(pending["text"])
        document = Document.objects.get(pk=pending["document"])
        return questions_import(questions=questions, document=document, dry_run=dry_run), []
    except FormatError as error:
        return None, [str(error)]
    except BankImportError as error:
        return None, error.errors
