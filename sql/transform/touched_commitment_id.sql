-- touched_commitment_id: every row of the touched commitments
-- (svhub_touched_commitments: touched_commitments.sql), in a mart keyed by
-- commitment (without the contract): what a merge stages of
-- commitment_months, just merged, for the marts merged after it (they read
-- a commitment's every month: completed_commitments its last).
commitment_id in (select touched_id from svhub_touched_commitments)
