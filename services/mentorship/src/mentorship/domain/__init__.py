"""Mentorship's pure domain: profiles, organisation, constraints, scoring, matching, circles.

Nothing here does I/O. Profiles are validated value objects; the matching works on columnar
numpy tables (`pool`) so that a batch over thousands of people stays vectorised.
"""
