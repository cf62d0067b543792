-- name: runs
-- postgresql: yes
-- description: the ingest runs, newest first: when each started and ended, files seen, loaded, unchanged and failed, rows loaded and rejected, exit code
-- param: limit int 20 how many runs to show
SELECT id AS run,
       started_at,
       ended_at,
       files_seen,
       files_loaded,
       files_unchanged,
       files_failed,
       rows_loaded,
       rows_rejected,
       exit_code
FROM ingest_runs
ORDER BY id DESC
LIMIT :limit;
