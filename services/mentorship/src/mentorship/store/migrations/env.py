from continuum_runtime.migrations import run_env
from mentorship.store.tables import metadata

run_env(metadata)
