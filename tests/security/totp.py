"""A current authenticator code for tests, never one about to expire.

allauth accepts only the code of the current 30-second window (MFA_TOTP_TOLERANCE 0), so a
code made in the last seconds of a window can be checked in the next and refused."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

PERIOD = 30
MARGIN = 5  # seconds a code must still be valid for


def current_code(secret: str) -> str:
    left = PERIOD - time.time() % PERIOD
    if left < MARGIN:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // PERIOD))
