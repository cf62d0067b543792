-- Schema version 9 in PostgreSQL's dialect (model/schema/0009-key-index.sql
-- says why): the index fact_rows_key goes.

DROP INDEX IF EXISTS fact_rows_key;
