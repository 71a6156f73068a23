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
# The unit and integration suite and the browser suite side by side: they share no
# state (the browser suite's server has its own port and embedded database; the
# integration suites make their own databases on free ports), and each spends much
# of its time waiting on timers, child processes and the database, so together they
# keep two cores busier than either alone. The browser suite's output follows the
# unit suite's, whole.
e2e_log=$(mktemp)
trap 'rm -f "$prepare_log" "$e2e_log"' EXIT
# The build is current: e2e/start-server.mjs only checks its stamps.
pnpm exec playwright test > "$e2e_log" 2>&1 &
e2e=$!
pnpm test:unit
unit=$?
wait "$e2e"
browser=$?
echo "[e2e] the browser suite (ran beside the unit suite):"
cat "$e2e_log"
echo "test: unit and integration exit $unit, browser exit $browser"
[ "$unit" -eq 0 ] || exit "$unit"
exit "$browser"
