#!/bin/sh
# continuum-serve: the image's default command.
#   1. `continuum-$SERVICE migrate` (Alembic, reads <SERVICE>_DATABASE_URL) unless
#      MIGRATE_ON_START=false (Kubernetes runs migrations once, in a Job, before the rollout);
#   2. exec uvicorn on $SERVICE.main:create_app with --factory, one process per container
#      (scale with replicas, not --workers: the Prometheus registry, the consumers and the
#      outbox relay live in the process, so /metrics must describe the whole container).
set -eu

: "${SERVICE:?SERVICE is not set (it is baked into the image at build time)}"
PORT="${PORT:-8000}"

case "${MIGRATE_ON_START:-true}" in
  true|1|yes)
    echo "{\"level\":\"info\",\"service\":\"${SERVICE}\",\"msg\":\"running migrations\"}"
    "continuum-${SERVICE}" migrate
    ;;
esac

exec uvicorn "${SERVICE}.main:create_app" --factory \
  --host 0.0.0.0 --port "${PORT}" \
  --proxy-headers --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-*}" \
  --timeout-graceful-shutdown "${GRACEFUL_SHUTDOWN_SECONDS:-20}" \
  --timeout-keep-alive "${KEEP_ALIVE_SECONDS:-75}" \
  --no-server-header \
  --log-level "${UVICORN_LOG_LEVEL:-warning}"
