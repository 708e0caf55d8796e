"""The tables of pages, stories and the home page, which memorial 0003 made, taken over as
they are: state only."""

import django.db.models.deletion
import memorial.base.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('camps', '0005_texts_in_three_languages'),
        ('deportations', '0005_texts_in_three_languages'),
        ('people', '0022_person_updated'),
        ('memorial', '0004_cms_moved_to_pages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Story',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', 'draft'), ('review', 'in review'), ('published', 'published')], default='draft', help_text='Only published records are visible to the public.', max_length=16, verbose_name='publication status')),
                        ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='first published')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                        ('publish_at', models.DateTimeField(blank=True, help_text='Leave empty to publish as soon as it is saved as published, or choose a later date and time, e.g. 31 May, 09:00.', null=True, verbose_name='publish at')),
                        ('kind', models.CharField(choices=[('article', 'article'), ('exhibition', 'exhibition'), ('news', 'news')], default='article', max_length=20, verbose_name='kind')),
                        ('slug', models.SlugField(help_text='For example: alzhir-exhibition', max_length=120, unique=True, verbose_name='URL name')),
                        ('title_kk', models.CharField(blank=True, max_length=200, verbose_name='title (Kazakh)')),
                        ('title_ru', models.CharField(blank=True, max_length=200, verbose_name='title (Russian)')),
                        ('title_en', models.CharField(blank=True, max_length=200, verbose_name='title (English)')),
                        ('summary_kk', models.CharField(blank=True, help_text='One or two sentences for lists, the feed and link previews.', max_length=500, verbose_name='summary (Kazakh)')),
                        ('summary_ru', models.CharField(blank=True, help_text='One or two sentences for lists, the feed and link previews.', max_length=500, verbose_name='summary (Russian)')),
                        ('summary_en', models.CharField(blank=True, help_text='One or two sentences for lists, the feed and link previews.', max_length=500, verbose_name='summary (English)')),
                        ('body_kk', memorial.base.fields.FormattedTextField(blank=True, verbose_name='text (Kazakh)')),
                        ('body_ru', memorial.base.fields.FormattedTextField(blank=True, verbose_name='text (Russian)')),
                        ('body_en', memorial.base.fields.FormattedTextField(blank=True, verbose_name='text (English)')),
                        ('created_by', models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('featured_camps', models.ManyToManyField(blank=True, related_name='stories', to='camps.camp', verbose_name='camps featured')),
                        ('featured_deportations', models.ManyToManyField(blank=True, related_name='stories', to='deportations.deportation', verbose_name='deportations featured')),
                        ('featured_people', models.ManyToManyField(blank=True, help_text='The story is listed on each of their biographies.', related_name='stories', to='people.person', verbose_name='people featured')),
                        ('updated_by', models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
                    ],
                    options={
                        'verbose_name': 'story',
                        'verbose_name_plural': 'stories',
                        'db_table': 'memorial_story',
                        'ordering': ['-publish_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='HomePage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('intro_kk', memorial.base.fields.FormattedTextField(blank=True, help_text='A few sentences at the top of the home page.', verbose_name='introduction (Kazakh)')),
                        ('intro_ru', memorial.base.fields.FormattedTextField(blank=True, help_text='A few sentences at the top of the home page.', verbose_name='introduction (Russian)')),
                        ('intro_en', memorial.base.fields.FormattedTextField(blank=True, help_text='A few sentences at the top of the home page.', verbose_name='introduction (English)')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                        ('featured_people', models.ManyToManyField(blank=True, help_text='Shown on the home page; only published biographies appear.', related_name='+', to='people.person', verbose_name='featured biographies')),
                        ('featured_story', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='pages.story', verbose_name='featured story')),
                    ],
                    options={
                        'verbose_name': 'home page',
                        'verbose_name_plural': 'home page',
                        'db_table': 'memorial_homepage',
                    },
                ),
                migrations.CreateModel(
                    name='Page',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', 'draft'), ('review', 'in review'), ('published', 'published')], default='draft', help_text='Only published records are visible to the public.', max_length=16, verbose_name='publication status')),
                        ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='first published')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                        ('publish_at', models.DateTimeField(blank=True, help_text='Leave empty to publish as soon as it is saved as published, or choose a later date and time, e.g. 31 May, 09:00.', null=True, verbose_name='publish at')),
                        ('slug', models.SlugField(help_text='For example: about', max_length=80, unique=True, verbose_name='URL name')),
                        ('title_kk', models.CharField(blank=True, max_length=200, verbose_name='title (Kazakh)')),
                        ('title_ru', models.CharField(blank=True, max_length=200, verbose_name='title (Russian)')),
                        ('title_en', models.CharField(blank=True, max_length=200, verbose_name='title (English)')),
                        ('body_kk', memorial.base.fields.FormattedTextField(blank=True, verbose_name='text (Kazakh)')),
                        ('body_ru', memorial.base.fields.FormattedTextField(blank=True, verbose_name='text (Russian)')),
                        ('body_en', memorial.base.fields.FormattedTextField(blank=True, verbose_name='text (English)')),
                        ('place', models.CharField(blank=True, choices=[('menu', 'main menu'), ('footer', 'footer'), ('', 'neither (linked from elsewhere)')], default='', max_length=10, verbose_name='link shown in')),
                        ('position', models.PositiveSmallIntegerField(default=0, help_text='Links are shown from the lowest number up.', verbose_name='order')),
                        ('created_by', models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('updated_by', models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='last changed by')),
                    ],
                    options={
                        'verbose_name': 'site page',
                        'verbose_name_plural': 'site pages',
                        'db_table': 'memorial_page',
                        'ordering': ['position', 'slug'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('title_en', ''), ('title_kk', ''), ('title_ru', ''), _negated=True), name='page_has_a_title', violation_error_message='Give a title in at least one language.')],
                    },
                ),
                migrations.AddIndex(
                    model_name='story',
                    index=models.Index(fields=['status', 'publish_at'], name='story_published'),
                ),
                migrations.AddConstraint(
                    model_name='story',
                    constraint=models.CheckConstraint(condition=models.Q(('title_en', ''), ('title_kk', ''), ('title_ru', ''), _negated=True), name='story_has_a_title', violation_error_message='Give a title in at least one language.'),
                ),
            ],
            database_operations=[],
        ),
    ]
