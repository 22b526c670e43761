-- touched_contract_period: the rows of a mart with one row per return
-- (contract, period, measure) that an incremental merge replaces: the
-- touched contracts' from the earliest month of their returns touched on
-- (svhub_touched.touched_from: -infinity for every month). A return's row
-- reads that return alone, so earlier months' rows stay. A join condition
-- on svhub_touched, as touched_commitment_month.sql is on its table.
touched_ref = contract_ref and period >= touched_from
