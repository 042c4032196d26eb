"""`counterpart create_api_token USERNAME --name N`: create a personal API token and print its key once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from counterpart.core.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print its key. Only the key's SHA-256 is stored: the key "
        "cannot be shown again. Use it as `Authorization: Bearer <key>`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for, e.g. 'reporting script'.")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=options["username"])
        except user_model.DoesNotExist as exc:
            raise CommandError(f"No user named {options['username']!r}.") from exc
        try:
            token, key = api_token_create(actor=None, user=user, name=options["name"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stderr.write(
            f"Token {token.pk} “{token.name}” for {user.get_username()}. The key is shown only now:"
        )
        self.stdout.write(key)
