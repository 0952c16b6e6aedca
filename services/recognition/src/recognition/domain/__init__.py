"""Pure domain logic of recognition: award rules and their evaluation, points, rewards,
privacy of the feed and leaderboards, and award ceremonies.

Nothing here does I/O; every function is tested directly.
"""
