from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo: courts, people and filings in every stage, and the ``demo`` command that
    serves them. It sits above every domain app and nothing imports it."""

    name = "yunting.demo"
    label = "demo"
    verbose_name = _("Demo")
