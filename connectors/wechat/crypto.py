"""Signatures and safe-mode (AES) message crypto of the WeChat Official Account and WeCom callbacks.

Official doc: 消息加解密说明 / 加解密方案说明. Written here on top of ``cryptography`` rather than taken from
wechatpy so that the tests can cross-check this implementation against wechatpy's, both ways.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
import time

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from connectors.errors import DecryptError, SignatureError

BLOCK_BITS = 256  # WeChat pads PKCS#7 to 32 bytes, not AES's 16


def signature(*parts: str) -> str:
    """``sha1`` of the sorted, concatenated parts (token, timestamp, nonce[, Encrypt])."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def check_signature(expected: str | None, *parts: str) -> None:
    """Raise ``SignatureError`` unless ``expected`` matches; constant-time comparison."""
    if not expected or not hmac.compare_digest(signature(*parts).encode(), expected.encode()):
        raise SignatureError("signature mismatch")


class WeChatCrypto:
    """Encrypts/decrypts callback payloads for one account: token, EncodingAESKey and AppID (or CorpID)."""

    def __init__(self, token: str, encoding_aes_key: str, app_id: str) -> None:
        if len(encoding_aes_key) != 43:
            raise ValueError("EncodingAESKey must be 43 characters")
        try:
            self._key = base64.b64decode(encoding_aes_key + "=")
        except ValueError as exc:
            raise ValueError("EncodingAESKey is not base64") from exc
        if len(self._key) != 32:
            raise ValueError("EncodingAESKey must decode to 32 bytes")
        self.token = token
        self.app_id = app_id

    def decrypt(self, encrypted: str, msg_signature: str | None, timestamp: str, nonce: str) -> str:
        """Check ``msg_signature`` over the ciphertext, decrypt, and check the trailing AppID/CorpID."""
        check_signature(msg_signature, self.token, timestamp, nonce, encrypted)
        try:
            cipher_bytes = base64.b64decode(encrypted, validate=True)
            decryptor = self._cipher().decryptor()
            padded = decryptor.update(cipher_bytes) + decryptor.finalize()
            unpadder = padding.PKCS7(BLOCK_BITS).unpadder()
            plain = unpadder.update(padded) + unpadder.finalize()
            (length,) = struct.unpack(">I", plain[16:20])
            content, receiver = plain[20 : 20 + length], plain[20 + length :]
            text = content.decode("utf-8")
            receiver_id = receiver.decode("utf-8")
        except (ValueError, struct.error) as exc:
            raise DecryptError(f"cannot decrypt payload: {exc}") from exc
        if not hmac.compare_digest(receiver_id.encode(), self.app_id.encode()):
            raise DecryptError("payload is addressed to another AppID/CorpID")
        return text

    def encrypt(self, text: str, timestamp: str | None = None, nonce: str | None = None) -> tuple[str, str, str, str]:
        """Encrypt ``text``; returns ``(Encrypt, MsgSignature, TimeStamp, Nonce)``."""
        timestamp = timestamp or str(int(time.time()))
        nonce = nonce or os.urandom(8).hex()
        content = text.encode("utf-8")
        plain = os.urandom(16) + struct.pack(">I", len(content)) + content + self.app_id.encode("utf-8")
        padder = padding.PKCS7(BLOCK_BITS).padder()
        padded = padder.update(plain) + padder.finalize()
        encryptor = self._cipher().encryptor()
        encrypted = base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode("ascii")
        return encrypted, signature(self.token, timestamp, nonce, encrypted), timestamp, nonce

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16]))
