-- touched_commitment_month: the rows of commitment_months an incremental
-- merge replaces: the touched commitments' months from their touched
-- month on (svhub_touched_commitments: touched_commitments.sql; why the
-- months before stay: there).
exists (
    select 1 from svhub_touched_commitments
    where touched_id = commitment_id and (touched_every or as_of >= touched_from)
)
