-- pg/revise.sql: model/revise.sql in PostgreSQL's dialect (model/store_pgw.c
-- runs it after pg/merge.sql, whose pg_temp.winners it reads). Where this
-- file is the newest release of a period, every figure of the release
-- before it that this one publishes differently, or not at all, goes in
-- revisions; a key a file repeats is paired in line order. The key of a
-- figure is one jsonb array (NULL kept apart from ''), so that the pairs are
-- found by hashing it, where IS NOT DISTINCT FROM on each part would
-- compare every row of a period with every other. Parameter (bigint):
-- :file_id.

-- The file's rows are newer than fact_rows' statistics, so the planner
-- expects a row or two of each release and would pair them by a nested
-- loop (every old row against every new one: minutes for a large file).
-- Hashing is right whatever the sizes; the setting is back after the insert.
SET LOCAL enable_nestloop = off;

WITH old_keyed AS (
    SELECT o.*, jsonb_build_array(o.request_type, o.country, o.legal_process, o.requester,
                                  o.product, o.reason, o.subcategory, o.detail, o.metric,
                                  o.period_start, o.period_end) AS k
    FROM pg_temp.winners w
    JOIN fact_rows o
      ON o.dataset_id = w.dataset_id AND o.period_start = w.period_start
     AND o.period_end = w.period_end AND o.file_id = w.previous
    WHERE w.winner = :file_id AND w.previous IS NOT NULL
),
new_keyed AS (
    SELECT n.*, jsonb_build_array(n.request_type, n.country, n.legal_process, n.requester,
                                  n.product, n.reason, n.subcategory, n.detail, n.metric,
                                  n.period_start, n.period_end) AS k
    FROM pg_temp.winners w
    JOIN fact_rows n
      ON n.dataset_id = w.dataset_id AND n.period_start = w.period_start
     AND n.period_end = w.period_end AND n.file_id = w.winner
    WHERE w.winner = :file_id AND w.previous IS NOT NULL
),
old_rows AS (
    SELECT *, row_number() OVER (PARTITION BY k ORDER BY line) AS rn FROM old_keyed
),
new_rows AS (
    SELECT *, row_number() OVER (PARTITION BY k ORDER BY line) AS rn FROM new_keyed
)
INSERT INTO revisions (run, kind, dataset_id, request_type, country, period_start, period_end,
                       legal_process, requester, product, reason, subcategory, detail, metric,
                       old_low, old_high, old_raw, new_low, new_high, new_raw,
                       old_file, old_line, new_file, new_line)
SELECT (SELECT run FROM source_files WHERE id = :file_id),
       CASE WHEN n.id IS NULL THEN 'vanished' ELSE 'changed' END,
       o.dataset_id, o.request_type, o.country, o.period_start, o.period_end,
       o.legal_process, o.requester, o.product, o.reason, o.subcategory, o.detail, o.metric,
       o.value_low, o.value_high, o.value_raw, n.value_low, n.value_high, n.value_raw,
       o.file_id, o.line, :file_id, n.line
FROM old_rows o
LEFT JOIN new_rows n ON n.k = o.k AND n.rn = o.rn
WHERE n.id IS NULL OR n.value_low IS DISTINCT FROM o.value_low
   OR n.value_high IS DISTINCT FROM o.value_high;

RESET enable_nestloop;
