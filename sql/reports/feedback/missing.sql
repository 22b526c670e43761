-- feedback/missing: the months each supplier in scope sent no return for,
-- past their due date, and when the hub asked for them.
-- grain: one row per contract and month
select supplier_name, contract_ref, period, due_date, days_overdue,
    case when times_chased = 0 then '' else 'chased ' || times_chased || ' times, last ' || strftime(last_chased, '%-d %B %Y') end as chased
from chase_status
where period <= $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
order by supplier_name, contract_ref, period
