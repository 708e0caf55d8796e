# Full-text search on PostgreSQL: a generated tsvector column and its GIN index
# (memorial/base/full_text.py). Nothing changes on SQLite.

from django.db import migrations

from memorial.base.full_text import add_search_column, translated


class Migration(migrations.Migration):

    dependencies = [('people', '0029_person_name_forms')]

    operations = [
        add_search_column('people_person', translated('biography')),
        add_search_column('people_testimony', [('story', 'simple', 'D'), ('story', 'russian', 'D')]),
    ]
