-- queries/rejects.sql on PostgreSQL (its header and parameters are that file's): strpos for SQLite's instr
SELECT s.path AS file,
       r.line,
       r.column_name AS column,
       r.reason,
       r.raw
FROM rejects r
JOIN source_files s ON s.id = r.file_id
WHERE :file IS NULL OR strpos(s.path, :file) > 0
ORDER BY s.id, r.line;
