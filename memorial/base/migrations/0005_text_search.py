# Full-text search on PostgreSQL: a generated tsvector column and its GIN index
# (memorial/base/full_text.py). Nothing changes on SQLite.

from django.db import migrations

from memorial.base.full_text import add_search_column, translated


class Migration(migrations.Migration):

    dependencies = [('memorial', '0004_cms_moved_to_pages')]

    operations = [
        add_search_column('memorial_mediaitem', translated('caption')),
    ]
