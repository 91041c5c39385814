"""A rough strength hint for a passphrase, shown while it is typed (the window) or after it
was given (the command line). Pure: no Qt, no I/O.

Not a guarantee and not a gate beyond the minimum length (tracker/store/passphrase.py): it
counts how many guesses a passphrase of this length and these kinds of characters could take,
halves that for a passphrase that is one character repeated or a well-known weak choice, and
words the result. Length counts most, which is the advice users should hear.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass

_COMMON = {"password", "passphrase", "12345678", "123456789", "1234567890", "qwertyuiop", "iloveyou",
           "letmein1", "welcome1", "password1", "abcdefgh", "trustno1", "sunshine", "football"}


@dataclass(frozen=True)
class Strength:
    bits: int  # estimated entropy, rounded down
    word: str  # "too short", "weak", "fair", "strong"
    hint: str  # one sentence for the user


def estimate(passphrase: str, min_length: int = 8) -> Strength:
    if len(passphrase) < min_length:
        return Strength(0, "too short", f"Use at least {min_length} characters; several words are easiest to remember.")
    pool = 0
    for chars, size in ((string.ascii_lowercase, 26), (string.ascii_uppercase, 26), (string.digits, 10)):
        if any(c in chars for c in passphrase):
            pool += size
    if any(not c.isascii() or not c.isalnum() for c in passphrase):
        pool += 33
    bits = len(passphrase) * math.log2(max(pool, 2))
    if passphrase.lower() in _COMMON or len(set(passphrase)) <= 2:
        bits = min(bits, 10)
    bits = int(bits)
    if bits < 50:
        return Strength(bits, "weak", "Weak: easy to guess. Make it longer — several unrelated words work well.")
    if bits < 80:
        return Strength(bits, "fair", "Fair. A few more characters or another word make it strong.")
    return Strength(bits, "strong", "Strong.")
