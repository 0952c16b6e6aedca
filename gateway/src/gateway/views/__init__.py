"""Composed views: the parts each needs from which backend, fetched concurrently, assembled.

Assembly is pure (`overlay.py`, the `assemble_*` functions), so it is tested without I/O;
fetching goes through `gateway.compose` under the request's deadline.
"""
