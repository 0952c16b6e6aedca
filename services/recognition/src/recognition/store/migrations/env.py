from continuum_runtime.migrations import run_env
from recognition.store.tables import metadata

run_env(metadata)
