"""Authentication of API requests: a personal token (`Authorization: Bearer <key>`) or the Django session.

Handlers read the acting user with :func:`request_user`, which works for both (with a token,
`request.user` stays anonymous: the session middleware knows nothing of the token).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from counterpart.core.selectors import api_token_get_active
from counterpart.core.services import api_token_hash, api_token_touch


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`; only the key's SHA-256 is stored, revoked tokens are refused."""

    def authenticate(self, _request: HttpRequest, token: str) -> Any | None:
        key = token.strip()
        if not key:
            return None
        api_token = api_token_get_active(key_hash=api_token_hash(key))
        if api_token is None:
            return None
        api_token_touch(token=api_token)
        return api_token.user


class SessionCsrfAuth(SessionAuth):
    """django-ninja's `django_auth` (session cookie, CSRF checked on unsafe methods), tried only when the
    session holds a logged-in user: a token client sends no CSRF token, and a bad token should be answered
    401, not a CSRF 403 raised by a session check that could never have succeeded."""

    def __call__(self, request: HttpRequest) -> Any | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


api_token_auth = ApiTokenAuth()
session_auth = SessionCsrfAuth()

#: Token first: a request carrying a token is judged by it, whatever cookie it also carries.
API_AUTH = [api_token_auth, session_auth]


def request_user(request: HttpRequest) -> Any:
    """The user the request acts for, as set by whichever of :data:`API_AUTH` accepted it."""
    return request.auth  # type: ignore[attr-defined]
