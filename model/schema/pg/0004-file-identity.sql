-- Schema version 4 in PostgreSQL's dialect (model/schema/0004-file-identity.sql
-- says why): what makes a file "already loaded", a covering index for the
-- removals of one storefront, and the summary_weight view.

ALTER TABLE source_files ADD COLUMN content_sha256 TEXT COLLATE "C";
UPDATE source_files SET content_sha256 = sha256;

DROP INDEX app_removals_storefront;
CREATE INDEX app_removals_storefront ON app_removals(storefront, removed_on, kind, app);

-- SQLite gives low itself (NUMERIC) when there is no high and a REAL for the
-- middle of a band; here both are double precision, the type of that REAL.
CREATE VIEW summary_weight AS
SELECT country, period_start, period_end, publisher,
       CAST(CASE WHEN high IS NULL THEN low ELSE (low + high) / 2.0 END AS DOUBLE PRECISION)
           AS weight
FROM country_summary
WHERE measure = 'user_data_requests';
