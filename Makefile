# Continuum: every entry point. `make run` starts the platform; `make test` checks it.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV_VERSION := 0.13.9
export UV_LINK_MODE ?= copy
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PYTEST := $(UV) run --frozen pytest
# Derived from the directories, so a new service needs no edit here: every service (and the
# gateway) is a directory with a pyproject.toml, a src/ and a tests/.
SERVICE_DIRS := $(patsubst %/pyproject.toml,%,$(sort $(wildcard services/*/pyproject.toml gateway/pyproject.toml)))
# The cross-service tests, a suite per folder, so that API fuzzing (the longest) runs beside the
# others instead of before them.
CROSS_SERVICE_SUITES := $(filter-out tests/api_fuzz,$(patsubst %/,%,$(sort $(dir $(wildcard tests/*/*.py)))))
# The longest first: `make test` runs TEST_JOBS suites at once (tools/run_suites.py), so the
# short ones fill the gaps at the end instead of a long one starting last.
# API fuzzing waits on answers more than it computes: one suite per fuzzed service; the
# gateway's and the catalog's (the two longest) first, the others after the services' tests.
FUZZ_SUITES := $(foreach dir,$(SERVICE_DIRS),tests/api_fuzz[$(notdir $(dir))])
LONG_FUZZ_SUITES := tests/api_fuzz[gateway] tests/api_fuzz[catalog]
TEST_SUITES := libs/runtime/tests $(LONG_FUZZ_SUITES) $(addsuffix /tests,$(SERVICE_DIRS)) $(filter-out $(LONG_FUZZ_SUITES),$(FUZZ_SUITES)) $(CROSS_SERVICE_SUITES) contracts/tests
TEST_JOBS ?= 4
TYPED_SOURCES := contracts/src libs/runtime/src $(addsuffix /src,$(SERVICE_DIRS))

.PHONY: help
help: ## Show the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

.venv/.synced: uv.lock pyproject.toml $(wildcard */pyproject.toml */*/pyproject.toml) | $(UV)
	$(UV) sync --frozen --all-packages
	@touch $@

.PHONY: install
install: .venv/.synced ## Create the environment from uv.lock

.PHONY: run
run: install ## Start the whole platform on embedded defaults (broker, services, demo data)
	$(UV) run --frozen continuum stack --config stack.toml

.PHONY: test
test: install ## Lint, then every test (needs PostgreSQL on 127.0.0.1:5432)
	$(MAKE) lint
	$(MAKE) contracts-check
	$(MAKE) deploy-check
	@# Every suite runs even when one fails (each with its own broker and databases, so several
	@# at once); the target fails if any did.
	$(UV) run --frozen python tools/run_suites.py --jobs $(TEST_JOBS) --pytest "$(PYTEST)" $(foreach suite,$(TEST_SUITES),'$(suite)')

.PHONY: lint
lint: install ## ruff and mypy
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy $(TYPED_SOURCES) deploy tools

.PHONY: format
format: install ## Apply ruff's fixes and formatting
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

.PHONY: contracts
contracts: install ## Regenerate JSON Schemas and the AsyncAPI document from the models
	$(UV) run --frozen python -m continuum_contracts.generate

.PHONY: contracts-check
contracts-check: install ## Fail when generated contract files are stale or incompatible
	$(UV) run --frozen python -m continuum_contracts.generate --check

.PHONY: deploy
deploy: install ## Regenerate the deployment files from deploy/services.toml and the catalogue
	$(UV) run --frozen python -m deploy.generate

# promtool (alert rule unit tests, tests/deploy) from Debian's prometheus package, unpacked
# here: nothing is installed system-wide and no service is started.
.tools/bin/promtool:
	@mkdir -p .tools/bin .tools/deb
	cd .tools/deb && (apt-get download prometheus 2>/dev/null || (apt-get update -qq && apt-get download prometheus))
	dpkg-deb --fsys-tarfile .tools/deb/prometheus_*.deb | tar -x -C .tools/deb ./usr/bin/promtool
	mv .tools/deb/usr/bin/promtool $@ && rm -rf .tools/deb

.PHONY: deploy-check
deploy-check: install .tools/bin/promtool ## Validate deploy/ offline: generated files, manifests, compose, Dockerfile, YAML
	$(UV) run --frozen python -m deploy.generate --check
	$(UV) run --frozen python -m deploy.validate
	$(UV) run --frozen docker-compose -f deploy/compose/compose.yaml config --quiet
	$(UV) run --frozen hadolint deploy/docker/Dockerfile
	$(UV) run --frozen yamllint --strict -c deploy/yamllint.yaml deploy

.PHONY: topics
topics: install ## Create every topic on KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:9092)
	$(UV) run --frozen continuum topics create

.PHONY: bench
bench: install ## Run the benchmarks (results: docs/benchmarks.md)
	$(UV) run --frozen python bench/run.py

.PHONY: conformance
conformance: install ## Run the ADL xAPI conformance suite (XAPI_CONFORMANCE_SUITE=checkout) on the LRS
	UV=$(UV) bash bench/xapi_conformance.sh

.PHONY: clean
clean: ## Remove local state (databases, dev keys)
	rm -rf var
