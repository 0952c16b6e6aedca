"""Progress tests: `factories.py` (this directory, on sys.path) builds their data; each module
runs the service with the runtime's `service_fixture`, on SQLite and PostgreSQL."""
