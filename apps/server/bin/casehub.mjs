#!/usr/bin/env node
// `pnpm casehub …` (a bin, not a package script: pnpm prints a script's banner
// to standard output, which would land inside `pnpm casehub export > ws.zip`).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
