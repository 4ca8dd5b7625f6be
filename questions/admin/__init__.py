"""The Django admin is the teachers' authoring tool; one module per job."""

from . import catalogue, question  # noqa: F401  (registers the model admins)
