"""Continuum gateway: resilient backend calls, composition, rate limits, HRIS inbound, live events."""
