# make-tools' own tasks. `make help` lists them with make alone, through the
# help.mk that make-help wrote (see the end of this file).

CARGO ?= cargo

.DEFAULT_GOAL := help

##@ Development

.PHONY: build
build: ## Build the release binaries, static on Linux with glibc (scripts/release.sh)
	CARGO=$(CARGO) scripts/release.sh build

.PHONY: test
test: ## Run every test, as CI does
	$(CARGO) test

.PHONY: lint
lint: ## Check formatting and clippy lints
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

.PHONY: fmt
fmt: ## Format the code
	$(CARGO) fmt

.PHONY: ci
ci: ## Run what CI runs (.ci/run)
	.ci/run

.PHONY: bench
bench: ## Benchmark against make -npq, the awk help one-liner and wc -l (scripts/bench.sh; --quick: BENCH_ARGS=--quick)
	scripts/bench.sh $(BENCH_ARGS)

.PHONY: fuzz
fuzz: ## Fuzz the reader for 10 minutes (needs cargo-fuzz and a nightly toolchain)
	fuzz/seed-corpus
	$(CARGO) +nightly fuzz run read -- -dict=fuzz/read.dict -timeout=10 -max_len=16384 -max_total_time=600

##@ Using it

.PHONY: install
install: ## Install make-help and make-targets into ~/.cargo/bin, static on Linux with glibc (cargo uninstall make-tools removes them)
	CARGO=$(CARGO) scripts/release.sh install

.PHONY: help
help: ## Show this help

# `make help` needs nothing installed: help.mk holds the help as printf lines,
# written by `make-help --format=make > help.mk`. When this file changes and
# make-help is installed, make writes help.mk again before reading it (a test
# fails when the committed one is stale; UPDATE_HELP_MK=1 cargo test rewrites it).
include help.mk
