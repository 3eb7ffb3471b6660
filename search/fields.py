"""A list of short strings: `text[]` (GIN-indexable) on PostgreSQL, a JSON array elsewhere."""

import json

from django.db import models


class TokenListField(models.Field):
    description = "list of strings"
    postgres_type = "text[]"
    item = str

    def db_type(self, connection):
        return self.postgres_type if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        value = [self.item(v) for v in value]
        return value if connection.vendor == "postgresql" else json.dumps(value, ensure_ascii=False)

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value)
        return value


class IntegerListField(TokenListField):
    """A list of integers: `integer[]` (GIN-indexable) on PostgreSQL, a JSON array elsewhere."""

    description = "list of integers"
    postgres_type = "integer[]"
    item = int
