-- hublog/chase_letters: each supplier's overdue contract-months with the
-- chases so far, for its chase letter, supplier by supplier.
-- grain: one row per overdue contract-month
select m.supplier_name, m.contract_ref, coalesce(o.trust_name, m.trust_code), m.period, m.due_date, m.days_overdue, m.chased, m.escalate
from chase_status m
left join organisations o on o.trust_code = m.trust_code
order by lower(m.supplier_name), m.supplier_name, m.contract_ref, m.period
