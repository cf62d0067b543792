-- name: rejects
-- description: rows that could not be loaded: the file, the line, the column, why, and the row as it was
-- param: file text - only files whose path contains this text
SELECT s.path AS file,
       r.line,
       r.column_name AS column,
       r.reason,
       r.raw
FROM rejects r
JOIN source_files s ON s.id = r.file_id
WHERE :file IS NULL OR instr(s.path, :file) > 0
ORDER BY s.id, r.line;
