from catalog.store.tables import metadata
from continuum_runtime.migrations import run_env

run_env(metadata)
