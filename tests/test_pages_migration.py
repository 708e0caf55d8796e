"""Pages, stories and the home page moved from the memorial app to memorial.pages: a site
that had them, with photos and history, keeps all of it."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("memorial", "0003_pages_stories_home"), ("pages", None)]


def migrate(targets):
    """Migrate to `targets`; the models as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    applied = dict(targets)
    state_at = [
        (app, applied.get(app, name))
        for app, name in executor.loader.graph.leaf_nodes()
        if applied.get(app, name) is not None
    ]
    return executor.loader.project_state(state_at).apps


def leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def site_before_the_move(transactional_db):
    """A database as it was before the move: a story with a photo and two versions in its
    history, under the content type memorial.story."""
    old = migrate(BEFORE)
    ContentType = old.get_model("contenttypes", "ContentType")
    Story = old.get_model("memorial", "Story")
    MediaItem = old.get_model("memorial", "MediaItem")
    Revision = old.get_model("reversion", "Revision")
    Version = old.get_model("reversion", "Version")
    story_type = ContentType.objects.get(app_label="memorial", model="story")
    story = Story.objects.create(slug="alzhir", title_en="ALZHIR", status="published")
    MediaItem.objects.create(
        content_type=story_type, object_id=story.pk, image="media/alzhir.jpg", alt_text_en="Gate"
    )
    for title in ("ALZHIR, a draft", "ALZHIR"):
        revision = Revision.objects.create(comment=f"Saved {title}", date_created=timezone.now())
        Version.objects.create(
            revision=revision,
            object_id=str(story.pk),
            content_type=story_type,
            db="default",
            format="json",
            serialized_data=json.dumps(
                [{"model": "memorial.story", "pk": story.pk, "fields": {"title_en": title}}]
            ),
            object_repr=title,
        )
    yield story.pk
    migrate(leaf_nodes())


def test_a_story_keeps_its_photo_and_history_after_the_move(site_before_the_move):
    migrate(leaf_nodes())
    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Version

    from memorial.base.models import MediaItem
    from memorial.pages.models import Story

    story = Story.objects.get(pk=site_before_the_move)
    assert story.title_en == "ALZHIR"
    assert not ContentType.objects.filter(app_label="memorial", model="story").exists()
    photo = MediaItem.objects.get()
    assert photo.content_object == story
    versions = Version.objects.get_for_object(story).order_by("pk")
    assert [version.field_dict["title_en"] for version in versions] == [
        "ALZHIR, a draft",
        "ALZHIR",
    ]


def test_the_move_can_be_undone(site_before_the_move):
    migrate(leaf_nodes())
    old = migrate(BEFORE)
    ContentType = old.get_model("contenttypes", "ContentType")
    Version = old.get_model("reversion", "Version")
    story_type = ContentType.objects.get(app_label="memorial", model="story")
    stored = [json.loads(v.serialized_data)[0]["model"] for v in Version.objects.all()]
    assert stored == ["memorial.story", "memorial.story"]
    assert Version.objects.filter(content_type=story_type).count() == 2


def test_when_both_names_exist_the_photo_and_the_rights_follow_the_new_one(site_before_the_move):
    """A site that ran migrate for pages' state alone has both content types."""
    old = migrate(BEFORE)
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    Group = old.get_model("auth", "Group")
    Revision = old.get_model("reversion", "Revision")
    Version = old.get_model("reversion", "Version")
    MediaItem = old.get_model("memorial", "MediaItem")
    old_type = ContentType.objects.get(app_label="memorial", model="story")
    new_type = ContentType.objects.create(app_label="pages", model="story")
    editors = Group.objects.create(name="Story editors")
    editors.permissions.add(Permission.objects.get(content_type=old_type, codename="change_story"))
    Permission.objects.create(content_type=new_type, codename="change_story", name="Can change")
    photo = MediaItem.objects.get()
    Version.objects.create(
        revision=Revision.objects.create(date_created=timezone.now()),
        object_id=str(photo.pk),
        content_type=ContentType.objects.get(app_label="memorial", model="mediaitem"),
        db="default",
        format="json",
        serialized_data=json.dumps(
            [{"model": "memorial.mediaitem", "pk": photo.pk,
              "fields": {"content_type": old_type.pk, "object_id": photo.object_id}}]
        ),
        object_repr="Gate",
    )  # fmt: skip

    migrate(leaf_nodes())
    from django.contrib.auth.models import Group as CurrentGroup
    from reversion.models import Version as CurrentVersion

    from memorial.base.models import MediaItem as CurrentMediaItem
    from memorial.pages.models import Story

    story = Story.objects.get(pk=site_before_the_move)
    assert CurrentMediaItem.objects.get().content_object == story
    stored = CurrentVersion.objects.get_for_object(CurrentMediaItem.objects.get()).get()
    assert json.loads(stored.serialized_data)[0]["fields"]["content_type"] == new_type.pk
    rights = CurrentGroup.objects.get(name="Story editors").permissions.all()
    assert [right.codename for right in rights] == ["change_story"]
    assert rights[0].content_type.app_label == "pages"
