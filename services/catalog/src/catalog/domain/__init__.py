"""Pure domain logic of the catalog: item kinds, path graphs, prerequisites, recommendations.

Nothing here does I/O; every function is tested directly.
"""
