-- pg/derive.sql: model/derive.sql in PostgreSQL's dialect: after a file of
-- app observations, in its transaction, the removals and reinstatements of
-- every (app, storefront) the file touched are derived again from all of
-- that pair's observations (the rules are derive.sql's). Parameter
-- (bigint): :file_id.

CREATE TEMP TABLE IF NOT EXISTS app_touched (
    app BIGINT NOT NULL,
    storefront TEXT COLLATE "C" NOT NULL,
    UNIQUE (app, storefront)
);

INSERT INTO pg_temp.app_touched (app, storefront)
SELECT DISTINCT app, storefront FROM app_observations WHERE file_id = :file_id
ON CONFLICT DO NOTHING;

DELETE FROM app_removals
WHERE derived = 1 AND (app, storefront) IN (SELECT app, storefront FROM pg_temp.app_touched);

INSERT INTO app_removals (app, storefront, removed_on, kind, derived, last_seen_available,
                          file_id, line)
SELECT app, storefront, substr(observed_at, 1, 10),
       CASE available WHEN 0 THEN 'removed' ELSE 'reinstated' END, 1,
       CASE available WHEN 0 THEN prev_at END, file_id, line
FROM (SELECT o.app, o.storefront, o.observed_at, o.available, o.file_id, o.line,
             lag(o.available) OVER w AS prev, lag(o.observed_at) OVER w AS prev_at
      FROM pg_temp.app_touched t
      JOIN app_observations o ON o.app = t.app AND o.storefront = t.storefront
      WHERE o.available IS NOT NULL
      WINDOW w AS (PARTITION BY o.app, o.storefront ORDER BY o.observed_at, o.id)) d
WHERE prev IS NOT NULL AND prev <> available
ORDER BY app, storefront, observed_at
ON CONFLICT DO NOTHING;

DELETE FROM pg_temp.app_touched;
