#!/usr/bin/env bash
# Writes test/fixtures/guard-golden/reports.json: the guard's reports of every attack case,
# fixture case and fixture directory, produced by the code of REVISION (default: main), so that
# src/guard/golden.test.ts can prove a later change leaves them byte-identical. Only the
# observing test file is taken from this working tree; everything it runs is REVISION's.
# Run it before a change that must not change behaviour, never as part of the tests:
#   bash test/golden/capture-guard-reports.sh [REVISION]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
revision="$(git -C "$here" rev-parse "${1:-main}")"
checkout="$(mktemp -d "${TMPDIR:-/tmp}/guard-golden-XXXXXX")"
cleanup() { git -C "$here" worktree remove --force "$checkout" >/dev/null 2>&1 || rm -rf "$checkout"; }
trap cleanup EXIT
git -C "$here" worktree add --detach "$checkout" "$revision" >/dev/null
ln -s "$here/node_modules" "$checkout/node_modules"
cp "$here/src/guard/golden.test.ts" "$checkout/src/guard/golden.test.ts"
mkdir -p "$here/test/fixtures/guard-golden"
(cd "$checkout" && PHENOM_GOLDEN_CAPTURE="$here/test/fixtures/guard-golden/reports.json" \
  PHENOM_GOLDEN_REVISION="$revision" npx vitest run --project unit src/guard/golden.test.ts)
echo "captured the reports of $revision"
