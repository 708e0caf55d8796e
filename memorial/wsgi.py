"""WSGI entry point; gunicorn serves ``memorial.wsgi`` in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorial.settings.prod")

application = get_wsgi_application()
