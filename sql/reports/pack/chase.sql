-- chase (the board pack's chase list): contracts with months that have no
-- return at all, past the due date, up to the reporting month: how many
-- months, which, the most days overdue and how the hub has chased (hub
-- log), longest overdue first; the first $limit (null: all), each row with
-- the count of them all.
-- grain: one row per contract with overdue returns
-- params: $as_of, $region, $ics, $trust, $supplier, $limit
with overdue as (
    select * from chase_status
    where period <= $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
),
trusts as (select trust_code, trust_name from stg_organisations)
select m.contract_ref, m.supplier_name, coalesce(any_value(o.trust_name), m.trust_code) as trust,
       count(*) as months_missing,
       string_agg(strftime(m.period, '%b %Y'), ', ' order by m.period) as months,
       max(m.days_overdue) as most_days_overdue,
       case when max(m.times_chased) = 0 then 'not chased'
            else 'chased ' || max(m.times_chased) || ' times, last ' || strftime(max(m.last_chased), '%-d %B %Y')
                 || case when bool_or(m.escalate) then '; escalate' else '' end end as chased,
       count(*) over () as total_rows
from overdue m
left join trusts o on o.trust_code = m.trust_code
group by m.contract_ref, m.supplier_name, m.trust_code
order by most_days_overdue desc, m.contract_ref
limit $limit
