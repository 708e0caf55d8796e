# Full-text search on PostgreSQL: a generated tsvector column and its GIN index
# (memorial/base/full_text.py). Nothing changes on SQLite.

from django.db import migrations

from memorial.base.full_text import add_search_column, translated


class Migration(migrations.Migration):

    dependencies = [('pages', '0002_content_types_and_history')]

    operations = [
        add_search_column(
            'memorial_story',
            translated('title', 'A') + translated('summary', 'B') + translated('body', 'C'),
        ),
        add_search_column('memorial_page', translated('title', 'A') + translated('body', 'C')),
    ]
