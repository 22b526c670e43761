-- contract_suppliers (written by the ingest, not a model): for the contract
-- rows being loaded (the staged copy svhub_stage_contracts), record each
-- supplier with the date it holds the contract from, so a novation adds a
-- row instead of rewriting who delivered the months before it.
-- A row applies from the register's effective_from; without one, a
-- contract's first row applies from the contract's start, and a later row
-- from the reference date of the load ($1). A row without a date whose
-- supplier already holds the contract on that date adds nothing (reloading
-- the same register changes no history); a dated row is the register's
-- word for that date and replaces what was recorded for it.
insert or replace into contract_suppliers
with staged as (
    select
        s.*,
        coalesce(
            s.effective_from,
            case
                when exists (select 1 from contract_suppliers h where h.contract_ref = s.contract_ref) then cast($1 as date)
                else s.start_date
            end
        ) as applies_from
    from svhub_stage_contracts s
),

in_force as (
    -- the supplier recorded as holding each contract on that date
    select st.contract_ref, st.applies_from, h.supplier_name
    from staged st
    join contract_suppliers h on h.contract_ref = st.contract_ref and h.effective_from <= st.applies_from
    qualify row_number() over (partition by st.contract_ref, st.applies_from order by h.effective_from desc) = 1
),

final as (
    select st.contract_ref, st.applies_from, st.supplier_name, st.supplier_id, st.source_file, st.file_sha256, st.sheet, st.row_number
    from staged st
    left join in_force f on f.contract_ref = st.contract_ref and f.applies_from = st.applies_from
    where st.effective_from is not null or f.supplier_name is distinct from st.supplier_name
    -- one row per contract and date (the last given)
    qualify row_number() over (partition by st.contract_ref, st.applies_from order by st.row_number desc) = 1
)
select * from final
