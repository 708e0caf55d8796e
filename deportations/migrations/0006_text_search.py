# Full-text search on PostgreSQL: a generated tsvector column and its GIN index
# (memorial/base/full_text.py). Nothing changes on SQLite.

from django.db import migrations

from memorial.base.full_text import add_search_column, translated


class Migration(migrations.Migration):

    dependencies = [('deportations', '0005_texts_in_three_languages')]

    operations = [
        add_search_column('deportations_deportedpeople', translated('description')),
        add_search_column('deportations_deportation', translated('description')),
    ]
