-- touched_commitments: the commitments whose rows an incremental merge
-- replaces in the marts keyed by commitment_id: the touched contracts'
-- commitments as the marts hold them (commitment_details, before the merge
-- replaces them: one the register dropped) and as the data now gives them
-- (int_commitment_terms, staged for the touched contracts: one the
-- register added).
create or replace temp table svhub_touched_commitments as
select commitment_id from main.commitment_details where contract_ref in (select contract_ref from svhub_touched)
union
select commitment_id from int_commitment_terms where contract_ref in (select contract_ref from svhub_touched)
