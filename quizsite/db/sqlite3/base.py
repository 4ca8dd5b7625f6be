"""Django's SQLite backend, batching writes as large as this SQLite allows.

Django 5.2 assumes SQLite's old limit of 999 parameters per statement, so a
long attempt starts, or a class's answers are graded, in a dozen INSERTs or
UPDATEs instead of one; SQLite 3.32 and later allow 32,766. Django 6.0 reads
the real limit (ticket #36143); this is that change, for Django 5.2.
"""

import sqlite3

from django.db.backends.sqlite3 import base, features


class DatabaseFeatures(features.DatabaseFeatures):
    @property
    def max_query_params(self) -> int:
        self.connection.ensure_connection()
        return self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
