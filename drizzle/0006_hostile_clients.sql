-- Session of 2026-12-03 (issues 20 and 21). Hand-written while several changes land at once;
-- the snapshot is regenerated from schema.ts before the session ends.
SELECT 1;
