-- Schema version 9: the index fact_rows_key (file_id, country, metric) goes.
-- Only the changes query read through it (does a newer release hold a
-- country's period at all?), and the index on (country, period_end) answers
-- that as well; keeping it up to date cost about 7 % of a fresh load of
-- Google's user-data layout, 15 % of a second release, and an eighth of the
-- database's size (bench/).

DROP INDEX IF EXISTS fact_rows_key;
