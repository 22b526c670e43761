-- rejected_rows: every rejection traced, where it can be, to a supplier and
-- (through the contract) a trust and ICS, so the dashboard can say whose
-- returns were rejected and why, and feedback can go back to that
-- supplier. The supplier is the register's for the row's contract
-- reference (the name every report uses); else the name the row itself
-- gave (an unknown contract); else, for a file whose loaded returns all
-- belong to one supplier, that supplier; else NULL. supplier_from says
-- which ('register', 'row', 'file').
-- grain: one row per problem (as rejections)
with rejections as (select * from rejections),
stg_contracts as (select contract_ref, supplier_name, trust_code from stg_contracts),
stg_organisations as (select trust_code, trust_name, ics_code, ics_name, region_code from stg_organisations),
-- Which file carried which contracts needs no supersession, so the loaded
-- rows are read as stored (as report_sources does), not through
-- returns_clean's window over every return, and only for the files that
-- have rejections.
returns as (select source_file, contract_ref from returns),

file_supplier as (
    select r.source_file, min(k.supplier_name) as supplier_name
    from returns r
    join stg_contracts k on k.contract_ref = r.contract_ref
    where r.source_file in (select source_file from rejections)
    group by r.source_file
    having count(distinct k.supplier_name) = 1
),

final as (
    select
        x.source_file,
        x.file_sha256,
        x.sheet,
        x.row_number,
        x.column_name,
        x.cell,
        x.value,
        x.reason,
        x.contract_ref,
        x.supplier_name as supplier_as_given,
        coalesce(k.supplier_name, x.supplier_name, f.supplier_name) as supplier_name,
        case
            when k.supplier_name is not null then 'register'
            when x.supplier_name is not null then 'row'
            when f.supplier_name is not null then 'file'
        end as supplier_from,
        k.trust_code,
        o.trust_name,
        o.ics_code,
        o.ics_name,
        o.region_code
    from rejections x
    left join stg_contracts k on upper(k.contract_ref) = upper(trim(x.contract_ref))
    left join stg_organisations o on o.trust_code = k.trust_code
    left join file_supplier f on f.source_file = x.source_file
)
select * from final
