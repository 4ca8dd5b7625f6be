"""The admin's answers to input no form would send: a clear message, never a
server error. Every model admin and inline here builds on these."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError

# Longer search terms are cut: SQLite refuses a LIKE pattern past 50,000 bytes,
# and no question, quiz or passage is found by more than a sentence.
MAX_SEARCH = 200
SEARCH_CUT = f"검색어는 {MAX_SEARCH}자까지, 제어 문자 없이 찾습니다."
# An id the database can hold: a positive number of at most 18 digits.
_ID_DIGITS = 18


def is_id(value) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= _ID_DIGITS


class TolerantAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, which re-shows a refused form with its bad value left
    out instead of failing on a value that is not an id (Django looks it up)."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if is_id(v)], attr)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Django's many-to-many field, which refuses an id too large for SQLite as
    it refuses one that is not a number (Django would send it to the database)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            if not is_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class TolerantAdminMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdsChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        cleaned = search_term.replace("\x00", "")[:MAX_SEARCH]
        if cleaned != search_term:
            messages.warning(request, SEARCH_CUT)
        return super().get_search_results(request, queryset, cleaned)


class ModelAdmin(TolerantAdminMixin, admin.ModelAdmin):
    pass


class TabularInline(TolerantAdminMixin, admin.TabularInline):
    pass
