"""Secrets at rest: Fernet (AES-128-CBC with HMAC-SHA256) keyed from TINGET_ENCRYPTION_KEY.

The key is any string; a Fernet key is derived from it with HKDF-SHA256. Without the setting
it is derived from SECRET_KEY, so changing SECRET_KEY then makes stored webhook secrets and
Entra credentials unreadable (they must be entered again).
"""

import base64
import functools

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


@functools.cache
def _fernet(key_material: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"tinget integrations secrets"
    ).derive(key_material.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _current() -> Fernet:
    return _fernet(settings.TINGET_ENCRYPTION_KEY or settings.SECRET_KEY)


def encrypt(value: str) -> str:
    return _current().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Raises cryptography.fernet.InvalidToken when the key changed."""
    return _current().decrypt(token.encode()).decode()
