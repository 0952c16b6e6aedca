"""Deployment tooling: generate the per-service pieces (`generate`) and validate them (`validate`)."""
