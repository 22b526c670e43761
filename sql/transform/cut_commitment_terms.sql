-- cut_commitment_terms: once the commitment ids are checked over every
-- commitment (commitment_ids_moved.sql), the staged int_commitment_terms
-- keeps the touched contracts' commitments only: the marts merged read no
-- other contract's.
delete from temp.main.int_commitment_terms
where contract_ref not in (select contract_ref from svhub_touched)
