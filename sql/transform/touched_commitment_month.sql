-- touched_commitment_month: the rows of commitment_months an incremental
-- merge replaces: the touched commitments' months from their touched
-- month on (svhub_touched_commitments, one row per commitment:
-- touched_commitments.sql, which says why the months before stay;
-- touched_from is -infinity for every month). A join condition, not a
-- predicate: the merge joins svhub_touched_commitments on it (delete ...
-- using, semi join), which DuckDB runs as a hash join checking the month
-- inside it, where a correlated exists cost 2 s of CPU at England.
touched_id = commitment_id and as_of >= touched_from
