"""RSA (SHA256withRSA, PKCS#1 v1.5) and AES-256-GCM, as both WeChat Pay v3 and Alipay RSA2 use them.

Keys arrive as configuration text: PEM (private key, public key or X.509 certificate) or, as the
Alipay console hands them out, bare base64 DER. Loading accepts all of these so that operators can
paste what the provider gave them.
"""

from __future__ import annotations

import base64
import binascii

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509 import load_pem_x509_certificate


class CryptoError(ValueError):
    """A signature, key or ciphertext did not check out."""


def load_private_key(text: str) -> rsa.RSAPrivateKey:
    data = text.strip().encode()
    try:
        key = (
            serialization.load_pem_private_key(data, password=None)
            if data.startswith(b"-----")
            else serialization.load_der_private_key(base64.b64decode(data), password=None)
        )
    except (ValueError, TypeError, binascii.Error) as exc:
        raise CryptoError("not an RSA private key") from exc
    if not isinstance(key, rsa.RSAPrivateKey):
        raise CryptoError("not an RSA private key")
    return key


def load_public_key(text: str) -> rsa.RSAPublicKey:
    data = text.strip().encode()
    try:
        if b"BEGIN CERTIFICATE" in data:
            key = load_pem_x509_certificate(data).public_key()
        elif data.startswith(b"-----"):
            key = serialization.load_pem_public_key(data)
        else:
            key = serialization.load_der_public_key(base64.b64decode(data))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise CryptoError("not an RSA public key or certificate") from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise CryptoError("not an RSA public key")
    return key


def rsa_sign(key: rsa.RSAPrivateKey, message: str) -> str:
    """SHA256withRSA over the UTF-8 message, base64 encoded on one line."""
    return base64.b64encode(key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def rsa_verify(key: rsa.RSAPublicKey, message: str, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
        key.verify(raw, message.encode(), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def aead_decrypt(key: bytes, *, nonce: str, ciphertext: str, associated_data: str) -> bytes:
    """AEAD_AES_256_GCM as WeChat Pay uses it: base64 ciphertext with the 16-byte tag appended."""
    if len(key) != 32:
        raise CryptoError("the APIv3 key must be 32 bytes")
    try:
        sealed = base64.b64decode(ciphertext, validate=True)
        return AESGCM(key).decrypt(nonce.encode(), sealed, associated_data.encode())
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise CryptoError("ciphertext did not decrypt") from exc
