"""Commands other tools call: they print one JSON object, and bad input exits with status 2
and ``{"error": ...}`` on stdout, never a traceback or argparse's usage text."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser


class _JsonErrorParser(CommandParser):
    def error(self, message: str) -> NoReturn:
        fail(message)


def fail(message: str, **extra: Any) -> NoReturn:
    sys.stdout.write(json.dumps({"error": message, **extra}, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    raise SystemExit(2)


class JsonCommand(BaseCommand):
    requires_system_checks: list = []
    requires_migrations_checks = False

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        stack = [parser]
        while stack:  # the parser and any sub-command parsers
            current = stack.pop()
            current.__class__ = _JsonErrorParser
            for action in current._actions:
                if isinstance(action, argparse._SubParsersAction):
                    stack.extend(action.choices.values())
        return parser

    def emit(self, data: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False))
