# hangup: every task starts here, on a fresh machine too (the venv and npm install themselves).
#   make demo      the whole product against local mock vendors, no keys needed
#   make test      what CI runs: the drift gate (make check), then every test
#   make generate  regenerate generated/ from specs/ (only vendors whose inputs changed)
#   make bench     what the facade costs over bare httpx, as ratios (see README, Benchmarks)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Every vendor with a generator config in specs/ (sorted, so `make -n` lists them the same way).
VENDORS := $(sort $(patsubst specs/%/generator.yaml,%,$(wildcard specs/*/generator.yaml)))
PACKAGES := $(foreach v,$(VENDORS),generated/$(v)_client/py.typed)
# What every generated package is made from besides its own specs/<vendor>/ folder.
GENERATOR_INPUTS := scripts/spec/generate.py scripts/spec/effective_spec.py scripts/spec/overlay.py \
	pyproject.toml \
	$(wildcard scripts/spec/generator_templates/*.jinja scripts/spec/generator_templates/*/*.jinja)

# Prism, the contract tests' mock vendors, is an npm package pinned in package-lock.json.
NODE ?= node
NPM ?= npm
NODE_DEPS := node_modules/.package-lock.json
NODE_MISSING = $(if $(and $(shell command -v $(NODE)),$(shell command -v $(NPM))),,\
	Node.js 20.16+ and npm are needed for the contract tests and the demo (Prism mocks): \
	install them (e.g. apt-get install nodejs npm) and run make again)

.PHONY: all generate check lint typecheck test unit contract mocks node-tools postgres-tools demo bench drift clean
.DEFAULT_GOAL := test

all: test

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

generate: $(PACKAGES)

# specs/sources.toml is shared by all vendors and is left out on purpose: what in it bears on
# generation (document paths, overlay) changes only together with files in specs/<vendor>/.
.SECONDEXPANSION:
generated/%_client/py.typed: $$(wildcard specs/$$*/*) $(GENERATOR_INPUTS) | $(VENV)/.installed
	$(PY) -m scripts.spec.generate $*

check: $(VENV)/.installed
	$(PY) -m scripts.spec.provenance
	$(PY) -m scripts.spec.validate
	$(PY) -m scripts.spec.check_generated
	$(MAKE) --no-print-directory lint typecheck

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

unit: postgres-tools $(VENV)/.installed
	$(PY) -m pytest -m "not contract"

# The ledger's tests start their own PostgreSQL 15 cluster (tests/pg_server.py). As root with
# apt-get, a missing server is installed; otherwise make stops with one line: never a skip.
PG_BIN ?= /usr/lib/postgresql/15/bin
postgres-tools:
	@test -x $(PG_BIN)/initdb || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null && test -x $(PG_BIN)/initdb; } \
		|| { echo "PostgreSQL 15 is needed for the ledger tests: apt-get install postgresql-15 (as root) and run make again" >&2; exit 1; }

# Without Node the contract suite stops make with one line: it is never skipped in silence.
node-tools:
	$(if $(NODE_MISSING),$(error $(strip $(NODE_MISSING))))

$(NODE_DEPS): package.json package-lock.json | node-tools
	$(NPM) ci --no-audit --no-fund
	@touch $@

contract: node-tools $(NODE_DEPS) $(VENV)/.installed
	$(PY) -m pytest -m contract

# One Prism mock per vendor until Ctrl-C; ENV=1 prints <VENDOR>_BASE_URL=... lines.
mocks: node-tools $(NODE_DEPS) $(VENV)/.installed
	$(PY) -m scripts.servers.mocks $(if $(ENV),--env)

# The README's first command: the mocks and the real `hangup` command, then a table (~15 s).
# Sets itself up like `make test`: the venv, npm ci, and one line if Node or npm is missing.
demo: node-tools $(NODE_DEPS) $(VENV)/.installed
	$(PY) -m scripts.demo

test: node-tools postgres-tools $(NODE_DEPS) check unit contract

# What hangup costs over bare httpx, each figure a ratio to a baseline measured in the same run,
# against a local server on 127.0.0.1 (about 15 minutes). ARGS="--quick" for a smoke run,
# ARGS="--only latency" for one benchmark; `python -m scripts.bench --help` lists them.
bench: $(VENV)/.installed $(PACKAGES)
	$(PY) -m scripts.bench $(ARGS)

# Upstream drift: each vendor's published API vs specs/. Needs the internet, so it is not part
# of `make test` (a weekly workflow runs it). UPDATE=1 re-vendors what changed, regenerates and
# runs `make test`; JSON=1 prints JSON; VENDOR=v for one vendor. The recipe is silent so that
# stdout is the report alone. make turns every failure into exit 2: for the script's own
# status (0/1/2/3) read `exit_status` in the JSON, or run `python -m scripts.drift`.
drift: $(VENV)/.installed
	@$(PY) -m scripts.drift $(if $(UPDATE),--update) $(if $(JSON),--json) $(if $(VENDOR),--vendor $(VENDOR))

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache .hypothesis
