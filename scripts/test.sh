#!/usr/bin/env bash
# `pnpm test`: the static checks, the unit and integration suite, then the
# browser suite. What the browser suite needs first (Debian's Chromium, the
# production build) is made while the static checks run, since most of it is
# waiting on the network and the disk. Stops at the first stage that fails.
set -u
cd "$(dirname "$0")/.."
prepare_log=$(mktemp)
trap 'rm -f "$prepare_log"' EXIT
(bash scripts/ensure-chromium.sh && pnpm build) > "$prepare_log" 2>&1 &
prepare=$!
pnpm checks
checks=$?
wait "$prepare"
prepared=$?
sed 's/^/[e2e prepare] /' "$prepare_log"
[ "$checks" -eq 0 ] || exit "$checks"
[ "$prepared" -eq 0 ] || { echo "test: the browser suite could not be prepared (Chromium or the build)" >&2; exit "$prepared"; }
pnpm test:unit || exit $?
# The build is current: e2e/start-server.mjs only checks its stamps.
pnpm exec playwright test
