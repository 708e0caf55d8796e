"""`field__any=[...]`: `field__in`, written so that the statement's text is the same for any
number of values.

A page of a hundred people reads its related rows by `person_id IN (%s, %s, … a hundred)`.
psycopg parses a statement of more than 50 parameters anew each time, and PostgreSQL plans
it anew for each length of the list. On PostgreSQL `any` sends one array instead:
`person_id = ANY(%s)`, parsed once, prepared once (settings/base.py). Elsewhere it is `in`.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


class AnyOf(In):
    lookup_name = "any"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        values = [
            self.lhs.output_field.get_db_prep_value(value, connection, prepared=True)
            for value in self.rhs
            if value is not None
        ]
        if not values:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, values)


# Relations keep lookups of their own, apart from other fields': an id column takes it too.
Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)
