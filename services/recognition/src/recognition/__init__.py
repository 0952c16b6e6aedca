"""Continuum recognition: verifiable badges, declarative award rules, points, kudos, ceremonies."""
