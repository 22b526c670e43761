-- touched_contract_period: the rows of a mart with one row per return
-- (contract, period, measure) that an incremental merge replaces: the
-- touched contracts' from the earliest month of their returns touched on
-- (svhub_touched.touched_since; every month when NULL). A return's row
-- reads that return alone, so earlier months' rows stay.
exists (
    select 1 from svhub_touched
    where touched_ref = contract_ref and (touched_since is null or period >= touched_since)
)
