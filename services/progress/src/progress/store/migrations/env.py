from continuum_runtime.migrations import run_env
from progress.store.tables import metadata

run_env(metadata)
