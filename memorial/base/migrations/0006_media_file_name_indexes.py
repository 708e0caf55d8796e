# The media view finds a photo or its thumbnail by its file's name on every request.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("memorial", "0005_text_search")]

    operations = [
        migrations.AddIndex(
            model_name="mediaitem",
            index=models.Index(fields=["image"], name="mediaitem_image_idx"),
        ),
        migrations.AddIndex(
            model_name="mediaitem",
            index=models.Index(fields=["thumbnail"], name="mediaitem_thumbnail_idx"),
        ),
    ]
