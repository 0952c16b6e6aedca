"""Open Badges 2.0 and 3.0 documents, signing keys, signatures and baked images.

Everything here turns plain values into standard documents and back; the only I/O is a key
directory the caller names (`keystore`). Builders take a `PublicUrls` so every document points at
the same stable public addresses that the API serves.
"""
