"""Uploaded import files, kept between the preview and the confirmation.

Each file lives under ``<organisation id>/imports/<random token>.<csv|xlsx>`` in the default
storage (MEDIA_ROOT). Nothing serves these paths: the import pages read a file back only
through the organisation of the request, by a token that must match the pattern below, so
one organisation cannot reach another's upload. A file is removed after its import, when
the person cancels, or by the sweep once it is older than ``MAX_AGE``.
"""

import re
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

MAX_AGE = timedelta(hours=1)
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22}\.(csv|xlsx)$")


def _folder(organization) -> str:
    return f"{int(organization.pk)}/imports"


def _path(organization, token: str) -> str | None:
    if not TOKEN_PATTERN.match(token or ""):
        return None
    return f"{_folder(organization)}/{token}"


def store(organization, content: bytes, *, extension: str) -> str:
    """Keep ``content``; returns the token that finds it again (within this organisation)."""
    sweep(organization)
    token = f"{secrets.token_urlsafe(16)}.{extension}"
    default_storage.save(_path(organization, token), ContentFile(content))
    return token


def read(organization, token: str) -> bytes | None:
    """The stored file, or None when it is gone, expired, or the token is not well formed."""
    path = _path(organization, token)
    if path is None or not default_storage.exists(path):
        return None
    if _expired(path):
        default_storage.delete(path)
        return None
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def remove(organization, token: str) -> None:
    path = _path(organization, token)
    if path is not None and default_storage.exists(path):
        default_storage.delete(path)


def sweep(organization) -> int:
    """Remove the organisation's uploads older than ``MAX_AGE``; returns how many."""
    folder = _folder(organization)
    if not default_storage.exists(folder):
        return 0
    _dirs, files = default_storage.listdir(folder)
    removed = 0
    for name in files:
        path = f"{folder}/{name}"
        if _expired(path):
            default_storage.delete(path)
            removed += 1
    return removed


def _expired(path: str) -> bool:
    return default_storage.get_modified_time(path) < timezone.now() - MAX_AGE
