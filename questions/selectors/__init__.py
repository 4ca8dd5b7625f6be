"""Reads: querysets and aggregates that pages and reports render as they are."""
