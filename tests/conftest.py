"""Cross-service tests: contracts between services, the whole stack end to end."""
