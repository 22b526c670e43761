-- touched_contract_every: the rows of a mart built from the register alone
-- (and the monitoring start, which a merge needs unchanged) that an
-- incremental merge replaces: those of the contracts whose rows other
-- than returns the load touched (svhub_touched.touched_since NULL). A
-- load of returns changes none of them.
contract_ref in (select touched_ref from svhub_touched where touched_since is null)
