-- Schema version 5: the columns of each loaded file's header, and whether
-- its profile read them, listed on purpose as not read ('ignored'), or did
-- not know them ('unread'). A release that adds a column loads with a
-- warning; this table is what lets `trdb changes` name such a column once,
-- for the first file of a dataset that has it, and not again.

CREATE TABLE file_columns (
    file_id INTEGER NOT NULL REFERENCES source_files(id),
    position INTEGER NOT NULL,          -- 1 for the first column
    name TEXT NOT NULL,                 -- as the header says it, white space collapsed
    status TEXT NOT NULL CHECK (status IN ('read', 'ignored', 'unread')),
    PRIMARY KEY (file_id, position)
) WITHOUT ROWID;
CREATE INDEX file_columns_name ON file_columns(name, file_id);
