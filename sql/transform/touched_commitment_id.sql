-- touched_commitment_id: the rows of a mart marked `-- incremental:
-- commitment_id` (keyed by commitment, without the contract) that an
-- incremental merge replaces: those of the touched contracts' commitments
-- (svhub_touched_commitments: touched_commitments.sql).
commitment_id in (select commitment_id from svhub_touched_commitments)
