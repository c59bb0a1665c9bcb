#!/usr/bin/env bash
# Installs everything the test suite needs that is missing, idempotently:
#   npm packages (npm ci), the CLI bundles, moto[server], checkov and zizmor (each in its own venv under .tools/),
#   hclfmt, tflint and actionlint (go install into .tools/bin), Debian's chromium and clamav,
#   and Terraform's provider double with its schemas (provider-double.sh; needs Terraform on PATH).
# Safe to run repeatedly; a second run does nothing. Used by `npm test` and `npm run setup`.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# shellcheck source=tools.env
. scripts/setup/tools.env
tools="$root/.tools"
mkdir -p "$tools/bin"

say() { printf 'setup: %s\n' "$*" >&2; }

# 1. npm packages — reinstall when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# 2. The CLI bundles `npm run guard|infra|plan-comment` and `npm start` run (scripts/cli.mjs
#    rebuilds them when a source changed; this builds them up front, and only when stale).
node scripts/cli.mjs --build

# 3. Python tools, each in its own virtual environment so their pins never fight.
venv_tool() { # name, pip spec, binary
  local name=$1 spec=$2 bin=$3 stamp="$tools/$1/.installed"
  if [ -x "$tools/$name/bin/$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$spec" ]; then return; fi
  say "installing $spec into .tools/$name"
  rm -rf "${tools:?}/$name"
  python3 -m venv "$tools/$name"
  "$tools/$name/bin/pip" install --quiet --disable-pip-version-check "$spec"
  echo "$spec" >"$stamp"
}
venv_tool moto "moto[server]==$MOTO_VERSION" moto_server
venv_tool checkov "checkov==$CHECKOV_VERSION" checkov
venv_tool zizmor "zizmor==$ZIZMOR_VERSION" zizmor

# 4. Go tools.
go_tool() { # binary, module path@version
  local bin=$1 spec=$2 stamp="$tools/bin/.$1.version"
  if [ -x "$tools/bin/$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$spec" ]; then return; fi
  say "go install $spec"
  GOBIN="$tools/bin" GOFLAGS=-mod=mod go install "$spec"
  echo "$spec" >"$stamp"
}
go_tool hclfmt "github.com/hashicorp/hcl/v2/cmd/hclfmt@$HCLFMT_VERSION"
go_tool tflint "github.com/terraform-linters/tflint@$TFLINT_VERSION"
go_tool actionlint "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"

# 5. Terraform on PATH and the provider double (schemas, build, filesystem mirror, CLI config).
bash scripts/setup/provider-double.sh

# 6. Debian packages.
missing=()
for pkg in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
say "tools ready"
