-- touched_contract_ref: the rows of a mart marked `-- incremental:
-- contract_ref` that an incremental merge replaces: those of the contracts
-- the load touched (svhub_touched, a temporary table of the merge).
contract_ref in (select touched_ref from svhub_touched)
