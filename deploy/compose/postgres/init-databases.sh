#!/usr/bin/env bash
# Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d).
# One database and one login role per service; each role owns its database and nothing else,
# and PUBLIC may not connect to it, so one service cannot read another's tables.
# The services come from CONTINUUM_DATABASES and their passwords from
# CONTINUUM_DB_PASSWORD_<SERVICE>, both set by compose.yaml (generated from deploy/services.toml).
# A service added later: recreate the volume (`docker compose down -v`), or run the same
# statements by hand.
set -euo pipefail

: "${CONTINUUM_DATABASES:?set CONTINUUM_DATABASES to the services that own a database}"

for svc in ${CONTINUUM_DATABASES}; do
  var="CONTINUUM_DB_PASSWORD_${svc^^}"
  password="${!var:-${svc}-dev-password}"
  echo "creating role and database ${svc}"
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER}" --dbname "${POSTGRES_DB:-postgres}" \
       --set svc="${svc}" --set password="${password}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'svc', :'password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'svc') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'svc', :'svc')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'svc') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'svc') \gexec
SQL
  # PostgreSQL 15+: the public schema belongs to pg_database_owner, i.e. the service's role.
done
