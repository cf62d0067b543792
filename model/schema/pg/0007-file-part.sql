-- Schema version 7 in PostgreSQL's dialect (model/schema/0007-file-part.sql
-- says why): the part of its dataset a file is a release of.
ALTER TABLE source_files ADD COLUMN part TEXT COLLATE "C";
