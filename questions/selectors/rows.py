"""Hand-written reads for the pages every student of a class loads at once.

Building querysets (selecting related rows, compiling SQL, prefetching) cost
several times more than running them on those pages, so they read with plain
SQL instead. Values still pass through Django's own converters, and rows become
the same model instances the ORM would make, so templates, forms and model
properties work on them unchanged and both databases agree.
"""

import functools
from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.expressions import Col

# The largest id or position either database stores (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1


def fields(model: type[Model], names: Sequence[str]) -> list:
    return [model._meta.get_field(name) for name in names]


def all_fields(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.name for field in model._meta.concrete_fields)


def columns(alias: str, model: type[Model], names: Sequence[str]) -> str:
    """The SQL select list of `names` (in that order) from table alias `alias`."""
    return ", ".join(f"{alias}.{field.column}" for field in fields(model, names))


def fetch(sql: str, params: list, read: Sequence, *, repeated: int = 0) -> list[list]:
    """Rows of `sql`, each value converted as the ORM converts that of the field
    in `read` at its place (`read` is a module-level constant: its converters
    are kept by its identity). The first `repeated` columns hold the same row
    on every line (a join's one side): only the first line's are converted."""
    current = connections[DEFAULT_DB_ALIAS]
    converters = _converters(current, read)
    with current.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [list(row) for row in cursor.fetchall()]
    for number, row in enumerate(rows):
        for index, column, found in converters:
            if number and index < repeated:
                continue
            for convert in found:
                row[index] = convert(row[index], column, current)
    return rows


def _converters(current, read: Sequence) -> list[tuple]:
    """(place, column, converters) of every field in `read` that has any on
    `current`, worked out once per connection: they never change."""
    known = current.__dict__.setdefault("_row_converters", {})
    key = id(read)
    if key not in known:
        converters = []
        for index, field in enumerate(read):
            column = Col("", field)
            found = current.ops.get_db_converters(column) + field.get_db_converters(current)
            if found:
                converters.append((index, column, found))
        known[key] = (read, converters)  # `read` kept alive: its id stays its own
    return known[key][1]


def instance(model: type[Model], names: Sequence[str], values: Sequence) -> Model:
    """A model instance as loaded from the database, its other fields deferred.
    Made as `Model.from_db` leaves it, without running `__init__` over every
    field: these pages make dozens per request. The models read here have no
    `pre_init`/`post_init` receivers for that to skip."""
    loaded = model.__new__(model)
    loaded._state = ModelState()
    loaded._state.adding = False
    loaded._state.db = DEFAULT_DB_ALIAS
    loaded.__dict__.update(zip(_attnames(model, tuple(names)), values, strict=True))
    return loaded


def attach(loaded: Model, relation: str, related: Model | None) -> None:
    """Set what the foreign key `relation` of `loaded` points at (its id is
    already loaded), as `select_related` leaves it."""
    loaded._state.fields_cache[relation] = related


@functools.cache
def _attnames(model: type[Model], names: tuple[str, ...]) -> list[str]:
    """The instance attributes that hold the fields `names`."""
    return [model._meta.get_field(name).attname for name in names]
