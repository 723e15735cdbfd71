"""ASGI entry point for ``yunting serve`` (uvicorn)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunting.settings")
application = get_asgi_application()
