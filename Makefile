# Điều hành — the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test env check lint types contracts migrations-check pytest bench messages clean

$(VENV)/.synced: uv.lock pyproject.toml
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		interpreter=$$(scripts/find_python.sh) || exit 1; \
		echo "Tạo môi trường với $$interpreter"; \
		rm -rf $(VENV); $$interpreter -m venv $(VENV); \
	fi
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@$(UV) sync --frozen --quiet --python $(PY)
	@touch $@

env: $(VENV)/.synced

run: env
	@mkdir -p var
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py seed_demo --if-empty
	@$(PY) manage.py seed_demo_figures
	@$(PY) manage.py seed_demo_directives
	@$(PY) manage.py seed_demo_knowledge
	@scripts/run.sh

test: env lint types contracts migrations-check pytest

lint: env
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djlint dieuhanh --check --quiet
	$(VENV)/bin/djlint dieuhanh --lint --quiet

types: env
	$(VENV)/bin/mypy

contracts: env
	$(VENV)/bin/lint-imports

migrations-check: env
	DJANGO_SETTINGS_MODULE=config.settings_test $(PY) manage.py makemigrations --check --dry-run

pytest: env
	$(VENV)/bin/pytest

bench: env
	$(PY) benchmarks/bench_org.py

messages: env
	$(PY) manage.py makemessages -l en --no-obsolete --ignore '.venv/*' --ignore 'var/*'
	$(PY) manage.py compilemessages -l en --ignore '.venv/*'

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
