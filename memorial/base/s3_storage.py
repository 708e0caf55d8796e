"""Photos, scans and families' files in an S3-compatible object store (MEDIA_STORAGE=s3).

Imported only when the settings name these backends, so a site on the filesystem never
loads boto3.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class MediaS3Storage(S3Storage):
    """Pages link a photo to the portal's own /media/ address, never to the bucket: the
    media view checks that its record is published before anything is sent, and public
    pages load nothing from other hosts (the Content-Security-Policy allows only the
    portal's own). The view reads the object through this storage, or nginx fetches it
    (MEDIA_ACCEL_REDIRECT_PREFIX)."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + filepath_to_uri(name)


class PrivateS3Storage(S3Storage):
    """Families' files: no address reaches them; moderators read them through the admin."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Families' files are not accessible via a URL.")
