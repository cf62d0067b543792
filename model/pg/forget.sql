-- pg/forget.sql: model/forget.sql in PostgreSQL's dialect: remove a loaded
-- file and everything it brought, inside the transaction that loads it
-- again (trdb ingest --force). Its periods are remembered in touched, so
-- that pg/merge.sql settles which release is current there and the summary
-- is rebuilt; the (app, storefront) pairs of its observations in
-- app_touched, so that pg/derive.sql derives their removals again, and its
-- removals' storefronts in app_storefronts. Rows that refer to the file go
-- before it. Parameter (bigint): :file_id.

CREATE TEMP TABLE IF NOT EXISTS touched (
    dataset_id BIGINT NOT NULL,
    period_start TEXT COLLATE "C" NOT NULL,
    period_end TEXT COLLATE "C" NOT NULL,
    UNIQUE (dataset_id, period_start, period_end)
);

INSERT INTO pg_temp.touched (dataset_id, period_start, period_end)
SELECT s.dataset_id, fp.period_start, fp.period_end
FROM file_periods fp JOIN source_files s ON s.id = fp.file_id
WHERE fp.file_id = :file_id
ON CONFLICT DO NOTHING;

CREATE TEMP TABLE IF NOT EXISTS app_touched (
    app BIGINT NOT NULL,
    storefront TEXT COLLATE "C" NOT NULL,
    UNIQUE (app, storefront)
);

INSERT INTO pg_temp.app_touched (app, storefront)
SELECT DISTINCT app, storefront FROM app_observations WHERE file_id = :file_id
ON CONFLICT DO NOTHING;

-- and the storefronts whose apps_removed_observed pg/app_summary.sql counts again
CREATE TEMP TABLE IF NOT EXISTS app_storefronts (storefront TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO pg_temp.app_storefronts (storefront)
SELECT DISTINCT storefront FROM app_removals WHERE file_id = :file_id
ON CONFLICT DO NOTHING;

-- its revisions go too: loading it again records them again
DELETE FROM revisions WHERE old_file = :file_id OR new_file = :file_id;
DELETE FROM fact_rows WHERE file_id = :file_id;
DELETE FROM fact_notes WHERE file_id = :file_id;
DELETE FROM rejects WHERE file_id = :file_id;
DELETE FROM file_periods WHERE file_id = :file_id;
DELETE FROM file_columns WHERE file_id = :file_id;
DELETE FROM app_removals WHERE file_id = :file_id;
DELETE FROM app_observations WHERE file_id = :file_id;
DELETE FROM dsa_reports WHERE file_id = :file_id;
DELETE FROM category_labels WHERE file_id = :file_id;
DELETE FROM source_files WHERE id = :file_id;
