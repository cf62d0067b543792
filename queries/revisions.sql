-- name: revisions
-- postgresql: yes
-- description: figures a newer release of a dataset published differently (restated) or no longer (dropped): the old and new value with both files and lines, newest periods first
-- param: cc country - only this country (default: all)
SELECT run,
       kind,
       publisher,
       dataset,
       country,
       period_start,
       period_end,
       request_type,
       coalesce(legal_process, requester, product, reason) AS detail,
       metric,
       old_low,
       old_high,
       new_low,
       new_high,
       old_file,
       old_line,
       new_file,
       new_line
FROM revision_list
WHERE :cc IS NULL OR country = :cc
ORDER BY period_end DESC, publisher, dataset, metric, detail, country, old_file, old_line, kind;
