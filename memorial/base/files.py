"""Files the portal writes for others to check: their digest."""

import hashlib


def sha256_of_file(path):
    """The SHA-256 of a file, read a megabyte at a time (downloads run to gigabytes)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
