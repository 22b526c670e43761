-- touched_from_month: the rows of a mart built across contracts month by
-- month (monthKey in transform/incremental.go: a month's rows read every
-- contract's rows of that month and of no other month) that an incremental
-- merge replaces: every row from the earliest month any commitment was
-- touched on (svhub_touched_commitments.touched_from; -infinity, so every
-- row, when a contract changed in every month). The months before it read
-- only rows the merge kept.
as_of >= (select min(touched_from) from svhub_touched_commitments)
