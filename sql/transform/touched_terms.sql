-- int_commitment_terms, staged over every commitment (their numbers are
-- checked first: commitment_ids_moved.sql), cut to the touched contracts'
-- rows, which are all the marts merged by contract read
create or replace temp table int_commitment_terms as
select * from temp.main.int_commitment_terms
where contract_ref in (select touched_ref from svhub_touched)
