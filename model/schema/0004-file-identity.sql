-- Schema version 4: what makes a file "already loaded"; a covering index for
-- the removals of one storefront.
--
-- Until now, its bytes: source_files.sha256 is UNIQUE, and a file whose
-- sha256 is there is 'unchanged'. For a profile that also reads the file's
-- name or modification time (an iTunes capture saved as
-- itunes_<trackId>_<storefront>.json, dated by its mtime; Meta's 2013 file,
-- whose period is only in its name), two files with the same bytes are two
-- records: every "not available" response is {"resultCount":0,"results":[]}.
-- For those files sha256 now holds the sha256 of the bytes' sha256 with the
-- values taken from the name and the mtime (so the same capture saved again
-- under the same name and time is still 'unchanged'), and content_sha256
-- the sha256 of the bytes, which the sources queries show. For every other
-- file both are the sha256 of its bytes.

ALTER TABLE source_files ADD COLUMN content_sha256 TEXT;
UPDATE source_files SET content_sha256 = sha256;

-- The removals' storefront index also holds what the per-storefront counts
-- read (kind, app), so apps-removed and the summary of one storefront are
-- read from the index alone, not from rows spread over the whole table.
DROP INDEX app_removals_storefront;
CREATE INDEX app_removals_storefront ON app_removals(storefront, removed_on, kind, app);

-- What a country_summary row's pct_disclosed weighs when several are
-- averaged (queries trend, agg): the user-data requests of the same
-- country, half-year and publisher, the middle of a band.
CREATE VIEW summary_weight AS
SELECT country, period_start, period_end, publisher,
       CASE WHEN high IS NULL THEN low ELSE (low + high) / 2.0 END AS weight
FROM country_summary
WHERE measure = 'user_data_requests';
