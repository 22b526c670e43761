-- withdraw_restored: the returns a file ($1: its SHA-256) made superseded
-- that become current again when it is withdrawn: its current returns whose
-- key another file also gave.
select count(*)
from returns_clean c
where c.file_sha256 = $1
    and not c.superseded
    and exists (
        select 1 from returns r
        where r.contract_ref = c.contract_ref and r.period = c.period
            and r.measure_code = c.measure_code and r.file_sha256 <> $1
    )
