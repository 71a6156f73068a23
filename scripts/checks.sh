#!/usr/bin/env bash
# The static checks of `pnpm test`, side by side (each is mostly one process;
# together they use both cores): types, lint, formatting, every SPEC rule cited by a test, and the
# configuration named alike in config.ts, the README and deploy/.env.example.
set -u
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Their output is kept in files and printed whole at the end (a process substitution's tail could be lost).
pnpm typecheck > "$out/typecheck" 2>&1 &
types=$!
pnpm lint > "$out/lint" 2>&1 &
lint=$!
pnpm spec:check 2>&1 | sed 's/^/[spec] /'
spec=${PIPESTATUS[0]}
pnpm format:check 2>&1 | sed 's/^/[format] /'
format=${PIPESTATUS[0]}
node scripts/check-config-docs.mjs 2>&1 | sed 's/^/[config-docs] /'
docs=${PIPESTATUS[0]}
wait "$types"; t=$?
wait "$lint"; l=$?
sed 's/^/[typecheck] /' "$out/typecheck"
sed 's/^/[lint] /' "$out/lint"
echo "checks: typecheck exit $t, lint exit $l, spec:check exit $spec, format:check exit $format, config-docs exit $docs"
exit $(( t != 0 || l != 0 || spec != 0 || format != 0 || docs != 0 ))
