# make-tools' own tasks. `make help` lists them through make-help itself (the
# installed one, else the one built here), with the one-liner the README shows.

CARGO ?= cargo

.DEFAULT_GOAL := help

##@ Development

.PHONY: build
build: ## Build the release binaries (target/release/make-help, make-targets)
	$(CARGO) build --release

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

##@ Using it

.PHONY: install
install: ## Install make-help and make-targets into ~/.cargo/bin
	$(CARGO) install --path .

.PHONY: help
help: ## Show this help
	@if command -v make-help >/dev/null; then make-help -f $(firstword $(MAKEFILE_LIST)); \
	else $(CARGO) run --quiet --bin make-help -- -f $(firstword $(MAKEFILE_LIST)); fi
