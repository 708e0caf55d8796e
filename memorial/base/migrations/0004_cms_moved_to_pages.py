"""Pages, stories and the home page moved to the app of their own, memorial.pages.

Only Django's idea of where the models live changes: their tables stay as they are
(memorial.pages's 0001 takes them over, and its 0002 moves their content types and history).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('memorial', '0003_pages_stories_home'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='homepage',
                    name='featured_people',
                ),
                migrations.RemoveField(
                    model_name='homepage',
                    name='featured_story',
                ),
                migrations.RemoveConstraint(
                    model_name='page',
                    name='page_has_a_title',
                ),
                migrations.RemoveIndex(
                    model_name='story',
                    name='story_published',
                ),
                migrations.RemoveConstraint(
                    model_name='story',
                    name='story_has_a_title',
                ),
                migrations.DeleteModel(
                    name='HomePage',
                ),
                migrations.RemoveField(
                    model_name='story',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='story',
                    name='featured_camps',
                ),
                migrations.RemoveField(
                    model_name='story',
                    name='featured_deportations',
                ),
                migrations.RemoveField(
                    model_name='story',
                    name='featured_people',
                ),
                migrations.RemoveField(
                    model_name='story',
                    name='updated_by',
                ),
                migrations.DeleteModel(
                    name='Page',
                ),
                migrations.DeleteModel(
                    name='Story',
                ),
            ],
            database_operations=[],
        ),
    ]
