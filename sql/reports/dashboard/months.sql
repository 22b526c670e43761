-- months: the first and last months the commitments cover (the months a
-- report can be made for; the last is the reporting month).
-- grain: one row
select min(as_of), max(as_of) from commitment_status
