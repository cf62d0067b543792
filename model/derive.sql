-- derive.sql: after a file of app observations, in its transaction. For
-- every (app, storefront) the file touched, the removals and reinstatements
-- the observations show are derived again from all of that pair's
-- observations: an app seen available and later not available is removed on
-- the day of the first capture without it (the last capture with it is
-- kept); seen again, it is reinstated. A failed capture (available NULL)
-- neither removes nor reinstates. Parameter: :file_id.

CREATE TEMP TABLE IF NOT EXISTS app_touched (
    app INTEGER NOT NULL,
    storefront TEXT NOT NULL,
    UNIQUE (app, storefront)
);

INSERT OR IGNORE INTO temp.app_touched (app, storefront)
SELECT DISTINCT app, storefront FROM app_observations WHERE file_id = :file_id;

DELETE FROM app_removals
WHERE derived = 1 AND (app, storefront) IN (SELECT app, storefront FROM temp.app_touched);

INSERT OR IGNORE INTO app_removals (app, storefront, removed_on, kind, derived,
                                    last_seen_available, file_id, line)
SELECT app, storefront, substr(observed_at, 1, 10),
       CASE available WHEN 0 THEN 'removed' ELSE 'reinstated' END, 1,
       CASE available WHEN 0 THEN prev_at END, file_id, line
FROM (SELECT o.app, o.storefront, o.observed_at, o.available, o.file_id, o.line,
             lag(o.available) OVER w AS prev, lag(o.observed_at) OVER w AS prev_at
      FROM temp.app_touched t
      CROSS JOIN app_observations o ON o.app = t.app AND o.storefront = t.storefront
      WHERE o.available IS NOT NULL
      WINDOW w AS (PARTITION BY o.app, o.storefront ORDER BY o.observed_at, o.id))
WHERE prev IS NOT NULL AND prev != available;

DELETE FROM temp.app_touched;
