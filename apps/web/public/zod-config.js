// Read by zod as it loads (globalThis.__zod_globalConfig): build no parser with
// `new Function`. The content security policy allows no eval (issue 14.6), and
// zod would try it, once per schema, as the app's modules load. A classic
// script runs before the app's module scripts, so it is in place first.
globalThis.__zod_globalConfig = { jitless: true };
