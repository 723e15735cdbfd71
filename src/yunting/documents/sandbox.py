"""The restricted template engine court document templates run in.

Court administrators edit document templates in the browser, so their text is untrusted code
from the server's point of view. It runs in its own Django template ``Engine`` — not the
project's — built so that a template can only format the plain data it is given:

* **tags**: an allow-list of the language's control structures (``if``, ``for``, ``with``,
  ``firstof``, ``block``/``extends``/``include``, …). Tags that read server state or reach
  other code are absent: ``debug`` (dumps the context and loaded modules), ``load`` of arbitrary
  libraries (``cache``, ``static``, ``i18n``, ``tz`` …), ``url``, ``csrf_token``, ``now``,
  ``lorem``. ``{% load doc_filters %}`` is the only library, and it holds pure filters.
* **templates** reachable by ``extends``/``include``: only the documents' own layout and
  partials under ``documents/pdf/`` (a dedicated loader; the filesystem loader's safe join
  refuses ``..``).
* **filters**: Django's built-in filters, which are pure functions of their input, minus
  ``pprint`` (a ``repr`` of objects).
* **context**: plain data only (``documents.context``: str, Decimal, dates, lists, dicts);
  the template language never calls methods with arguments or reads ``_private`` attributes.

Every compile or render error becomes a ``DocumentError`` with the engine's own message, so an
edit that does not work is shown in the editor, never as a server error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.template import (
    Engine,
    Library,
    Origin,
    TemplateDoesNotExist,
    defaultfilters,
    defaulttags,
    loader_tags,
)
from django.template.loaders.filesystem import Loader as FilesystemLoader

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
PARTIALS_PREFIX = "documents/pdf/"

ALLOWED_TAGS = frozenset(
    {
        "autoescape",
        "comment",
        "cycle",
        "filter",
        "firstof",
        "for",
        "if",
        "ifchanged",
        "resetcycle",
        "spaceless",
        "templatetag",
        "verbatim",
        "widthratio",
        "with",
        "block",
        "extends",
        "include",
        "load",  # restricted to the engine's ``libraries``: doc_filters only
    }
)
FORBIDDEN_FILTERS = frozenset({"pprint"})


class PartialsLoader(FilesystemLoader):
    """Serves only ``documents/pdf/…`` from the documents app's own template folder."""

    def get_dirs(self):
        return [TEMPLATE_DIR]

    def get_template_sources(self, template_name):
        if not str(template_name).startswith(PARTIALS_PREFIX):
            return
        yield from super().get_template_sources(template_name)

    def get_contents(self, origin: Origin) -> str:
        if not str(origin.template_name).startswith(PARTIALS_PREFIX):
            raise TemplateDoesNotExist(origin)
        return super().get_contents(origin)


def _restricted_builtins() -> Library:
    lib = Library()
    for source in (defaulttags.register, loader_tags.register):
        for name, func in source.tags.items():
            if name in ALLOWED_TAGS:
                lib.tags[name] = func
    for name, func in defaultfilters.register.filters.items():
        if name not in FORBIDDEN_FILTERS:
            lib.filters[name] = func
    return lib


class SandboxEngine(Engine):
    """An ``Engine`` whose builtins are the restricted library above (``Engine`` only takes
    builtins as dotted paths, so they are set after construction)."""

    def __init__(self) -> None:
        super().__init__(
            dirs=[],
            app_dirs=False,
            loaders=[
                (
                    "django.template.loaders.cached.Loader",
                    ["yunting.documents.sandbox.PartialsLoader"],
                )
            ],
            libraries={"doc_filters": "yunting.documents.templatetags.doc_filters"},
            builtins=[],
            autoescape=True,
            debug=False,
            string_if_invalid="",
        )
        self.template_builtins = [_restricted_builtins()]


@lru_cache(maxsize=1)
def engine() -> SandboxEngine:
    return SandboxEngine()
