"""A passkey in software for the server-side tests: what a browser and an authenticator
would post to Tinget, built with fido2's own types and a real P-256 key (attestation "none",
user verified). The browser test uses Chromium's virtual authenticator instead."""

from __future__ import annotations

import hashlib
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import (
    AttestationObject,
    AttestedCredentialData,
    AuthenticatorData,
    CollectedClientData,
)

FLAGS = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.UV


class SoftPasskey:
    def __init__(self, origin: str = "http://localhost"):
        self.origin = origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.user_handle = ""
        self.counter = 0

    def create(self, creation_options: dict, *, resident: bool = True) -> dict:
        """The credential navigator.credentials.create() gives for these options."""
        options = creation_options["publicKey"]
        self.user_handle = options["user"]["id"]
        client_data = CollectedClientData.create(
            "webauthn.create", options["challenge"], self.origin
        )
        public_key = ES256.from_cryptography_key(self.key.public_key())
        attested = AttestedCredentialData.create(b"\0" * 16, self.credential_id, public_key)
        auth_data = AuthenticatorData.create(
            hashlib.sha256(options["rp"]["id"].encode()).digest(),
            FLAGS | AuthenticatorData.FLAG.AT,
            self.counter,
            attested,
        )
        attestation = AttestationObject.create("none", auth_data, {})
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "attestationObject": websafe_encode(bytes(attestation)),
            },
            "clientExtensionResults": {"credProps": {"rk": resident}},
        }

    def get(self, request_options: dict, rp_id: str = "localhost") -> dict:
        """The assertion navigator.credentials.get() gives for these options."""
        options = request_options["publicKey"]
        self.counter += 1
        client_data = CollectedClientData.create("webauthn.get", options["challenge"], self.origin)
        auth_data = AuthenticatorData.create(
            hashlib.sha256(rp_id.encode()).digest(), FLAGS, self.counter
        )
        signature = self.key.sign(
            bytes(auth_data) + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": websafe_encode(self.credential_id),
            "rawId": websafe_encode(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": websafe_encode(client_data),
                "authenticatorData": websafe_encode(bytes(auth_data)),
                "signature": websafe_encode(signature),
                "userHandle": self.user_handle,
            },
            "clientExtensionResults": {},
        }
