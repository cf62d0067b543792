-- Schema version 5 in PostgreSQL's dialect (model/schema/0005-file-columns.sql
-- says why): the columns of each loaded file's header.

CREATE TABLE file_columns (
    file_id BIGINT NOT NULL REFERENCES source_files(id),
    position BIGINT NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL CHECK (status IN ('read', 'ignored', 'unread')),
    PRIMARY KEY (file_id, position)
);
CREATE INDEX file_columns_name ON file_columns(name, file_id);
