-- template/returned: the months each commitment of the contract $1 (or of
-- every contract) has a current return for: the template does not ask for
-- them again.
-- grain: one row per contract, measure and month
select distinct contract_ref, measure_code, period
from returns_clean
where not superseded and ($1 = '' or contract_ref = $1)
