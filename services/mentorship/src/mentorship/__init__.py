"""Continuum mentorship service: profiles, explained optimal matching, peer-learning circles."""
