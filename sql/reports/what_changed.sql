-- what_changed: what moved between the previous reporting month and the
-- reporting month ($as_of), each line naming its contract: commitments that
-- turned red and those that recovered from red, returns that became
-- overdue, quality flags new and resolved, contracts started and ended.
-- The previous month is $as_of less one month, worked out here for any
-- month, never stored. A month's reference date is today for the reporting
-- month and one month earlier for each month before it, so "newly overdue"
-- is a return whose due date passed in the month to the reference date.
-- Flags have no history of their own: a flag is new when its contract
-- started in the month, or (no follow-through) when its months ran out in
-- the month to the reference date; a no-follow-through flag is resolved by
-- a first return for the month.
-- grain: one row per change (a commitment, a contract's due period, a
-- contract's or commitment's flag, or a contract)
-- params: $as_of
with settings as (
    select
        cast($as_of as date) as this_month,
        cast(cast($as_of as date) - interval 1 month as date) as prev_month,
        cast(today - to_months(datediff('month', cast($as_of as date), reporting_month)) as date) as ref_date,
        no_followthrough_months
    from report_settings
),
now_status as (
    select c.* from commitment_status c, settings s
    where c.as_of = s.this_month and c.last_month >= s.this_month
),
prev_status as (
    select c.contract_ref, c.measure_code, c.rag, c.delivery_ratio from commitment_status c, settings s
    where c.as_of = s.prev_month and c.last_month >= s.prev_month
),
contracts as (select * from contract_summary),
first_returns as (
    select contract_ref, min(period) as first_period from returns_clean group by contract_ref
),

turned_red as (
    select n.region_code, n.ics_code, n.trust_code, n.supplier_name, n.contract_ref, n.measure_code,
        1 as change_rank, 'newly_red' as change, n.measure_name as item,
        case when p.rag is null or p.delivery_ratio is null then 'not judged' else p.rag || ', ' || cast(round(100 * p.delivery_ratio) as integer) || '% of expected' end as was,
        n.rag || ', ' || cast(round(100 * coalesce(n.delivery_ratio, 0)) as integer) || '% of expected' as now
    from now_status n
    left join prev_status p on p.contract_ref = n.contract_ref and p.measure_code = n.measure_code
    where n.rag = 'red' and p.rag is distinct from 'red'
),

recovered as (
    select n.region_code, n.ics_code, n.trust_code, n.supplier_name, n.contract_ref, n.measure_code,
        2 as change_rank, 'recovered' as change, n.measure_name as item,
        p.rag || ', ' || cast(round(100 * coalesce(p.delivery_ratio, 0)) as integer) || '% of expected' as was,
        n.rag || ', ' || cast(round(100 * n.delivery_ratio) as integer) || '% of expected' as now
    from now_status n
    join prev_status p on p.contract_ref = n.contract_ref and p.measure_code = n.measure_code
    where p.rag = 'red' and n.rag in ('green', 'amber')
),

newly_overdue as (
    select d.region_code, d.ics_code, d.trust_code, d.supplier_name, d.contract_ref, null as measure_code,
        3 as change_rank, 'newly_overdue' as change, 'Return for ' || strftime(d.period, '%b %Y') as item,
        'due ' || strftime(d.due_date, '%-d %b %Y') as was,
        'not received' as now
    from returns_due d, settings s
    where not d.received and d.period <= s.this_month
      and d.due_date < s.ref_date and d.due_date >= s.ref_date - interval 1 month
),

flags as (
    select f.*, k.start_date from commitment_flags f join contracts k on k.contract_ref = f.contract_ref
),

new_flags as (
    select f.region_code, f.ics_code, f.trust_code, f.supplier_name, f.contract_ref, f.measure_code,
        4 as change_rank, 'new_flag' as change, f.flag as item,
        '' as was, f.detail as now
    from flags f, settings s
    where (f.flag <> 'no_followthrough' and date_trunc('month', f.start_date) = s.this_month)
       or (f.flag = 'no_followthrough'
           and date_trunc('month', f.start_date) + to_months(s.no_followthrough_months) <= s.ref_date
           and date_trunc('month', f.start_date) + to_months(s.no_followthrough_months) > s.ref_date - interval 1 month)
),

resolved_flags as (
    select k.region_code, k.ics_code, k.trust_code, k.supplier_name, k.contract_ref, null as measure_code,
        5 as change_rank, 'resolved_flag' as change, 'no_followthrough' as item,
        'no return ' || s.no_followthrough_months || ' months after the contract started' as was,
        'first return, for ' || strftime(r.first_period, '%b %Y') as now
    from contracts k
    join first_returns r on r.contract_ref = k.contract_ref
    cross join settings s
    where r.first_period = s.this_month
      and date_trunc('month', k.start_date) + to_months(s.no_followthrough_months) <= s.ref_date - interval 1 month
),

started as (
    select k.region_code, k.ics_code, k.trust_code, k.supplier_name, k.contract_ref, null as measure_code,
        6 as change_rank, 'started' as change, coalesce(k.title, '') as item,
        '' as was, 'started ' || strftime(k.start_date, '%-d %b %Y') as now
    from contracts k, settings s
    where date_trunc('month', k.start_date) = s.this_month
),

ended as (
    select k.region_code, k.ics_code, k.trust_code, k.supplier_name, k.contract_ref, null as measure_code,
        7 as change_rank, 'ended' as change, coalesce(k.title, '') as item,
        'live' as was, 'ended ' || strftime(k.end_date, '%-d %b %Y') as now
    from contracts k, settings s
    where date_trunc('month', k.end_date) = s.prev_month
),

final as (
    select * from turned_red
    union all select * from recovered
    union all select * from newly_overdue
    union all select * from new_flags
    union all select * from resolved_flags
    union all select * from started
    union all select * from ended
)
select * from final
