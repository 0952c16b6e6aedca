"""Events the catalog publishes on `catalog.v1` (it consumes none)."""
