-- what_changed: what moved between the previous reporting month and the
-- reporting month ($as_of), each line naming its contract: commitments that
-- turned red and those that recovered from red, returns that became
-- overdue, returns received late, corrections that changed a figure,
-- quality flags new and resolved, contracts started and ended.
-- The previous month is $as_of less one month, worked out here for any
-- month, never stored. A month's reference date is today for the reporting
-- month and one month earlier for each month before it, so "newly overdue"
-- is a return whose due date passed in the month to the reference date.
-- Flags have no history of their own: a flag is new when its contract
-- started in the month, or (no follow-through) when its months ran out in
-- the month to the reference date; a no-follow-through flag is resolved by
-- a first return for the month.
-- What arrived in a month is read from the loads themselves (load_seq, the
-- order files were loaded in; never a clock): a load arrived in the
-- reporting month the data had once it was in, the latest month of any
-- return loaded up to it. A return received late is a due period's first
-- return arriving in $as_of's loads when the period was already overdue on
-- the previous month's reference date (and there were loads before: a
-- history loaded all at once has nothing late); a correction is a
-- commitment's return for a month loaded again in $as_of's loads with a
-- value other than the one it had before them (the file that corrected it
-- named). The raw returns are read for load_seq and value, each time for
-- the columns it needs (an import CTE read more than once is materialised,
-- every return): returns_clean ranks every return to mark superseded rows,
-- 1.5 s at 1/10 of England.
-- grain: one row per change (a commitment, a contract's due period, a
-- commitment's return for a month, a contract's or commitment's flag, or a
-- contract)
-- params: $as_of
with settings as (
    select
        cast($as_of as date) as this_month,
        cast(cast($as_of as date) - interval 1 month as date) as prev_month,
        cast(today - to_months(datediff('month', cast($as_of as date), reporting_month)) as date) as ref_date,
        no_followthrough_months
    from report_settings
),
-- the commitments red in either month and their colour in both, read from
-- the narrow commitment_months by constant months (its scan skips the
-- other months; a join to settings read them all), those whose colour
-- moved to or from red; only those are
-- described (commitment_details, and the supplier holding the contract in
-- the month, as commitment_status names it)
reds as (
    select distinct commitment_id from commitment_months
    where as_of in (cast($as_of as date), cast(cast($as_of as date) - interval 1 month as date)) and rag = 'red'
),
moved as (
    select commitment_id,
        any_value(rag) filter (where as_of = cast($as_of as date)) as rag,
        any_value(delivery_ratio) filter (where as_of = cast($as_of as date)) as delivery_ratio,
        any_value(rag) filter (where as_of = cast(cast($as_of as date) - interval 1 month as date)) as prev_rag,
        any_value(delivery_ratio) filter (where as_of = cast(cast($as_of as date) - interval 1 month as date)) as prev_ratio
    from commitment_months
    semi join reds using (commitment_id)
    where as_of in (cast($as_of as date), cast(cast($as_of as date) - interval 1 month as date))
    group by commitment_id
    having (rag = 'red' and prev_rag is distinct from 'red') or (prev_rag = 'red' and rag in ('green', 'amber'))
),
moved_named as (
    select d.region_code, d.ics_code, d.trust_code, coalesce(sp.supplier_name, d.supplier_name) as supplier_name,
        d.contract_ref, d.measure_code, d.measure_name, m.*
    from moved m
    join commitment_details d on d.commitment_id = m.commitment_id
    left join contract_supplier_spans sp on sp.contract_ref = d.contract_ref
        and cast($as_of as date) >= sp.from_month and cast($as_of as date) < sp.to_month
    where d.last_month >= cast($as_of as date)
),
contracts as (select * from contract_summary),
first_returns as (
    select contract_ref, min(period) as first_period from returns group by contract_ref
),
-- each load (load_seq) that carried returns, and the reporting month once
-- it was in; the month never falls, so a month's loads are one run of
-- load_seq
loads as (
    select load_seq, max(latest) over (order by load_seq) as arrived_in
    from (select load_seq, max(period) as latest from returns group by load_seq) l
),
this_loads as (
    select min(l.load_seq) filter (where l.arrived_in = s.this_month) as first_seq,
        max(l.load_seq) filter (where l.arrived_in = s.this_month) as last_seq,
        count(*) filter (where l.arrived_in < s.this_month) > 0 as loaded_before
    from loads l, settings s
),
arrived as (
    select r.contract_ref, r.period, r.measure_code, r.source_file from returns r, this_loads w
    where r.load_seq between w.first_seq and w.last_seq
),

turned_red as (
    select region_code, ics_code, trust_code, supplier_name, contract_ref, measure_code,
        1 as change_rank, 'newly_red' as change, measure_name as item,
        case when prev_rag is null or prev_ratio is null then 'not judged' else prev_rag || ', ' || cast(round(100 * prev_ratio) as integer) || '% of expected' end as was,
        rag || ', ' || cast(round(100 * coalesce(delivery_ratio, 0)) as integer) || '% of expected' as now
    from moved_named
    where rag = 'red'
),

recovered as (
    select region_code, ics_code, trust_code, supplier_name, contract_ref, measure_code,
        2 as change_rank, 'recovered' as change, measure_name as item,
        prev_rag || ', ' || cast(round(100 * coalesce(prev_ratio, 0)) as integer) || '% of expected' as was,
        rag || ', ' || cast(round(100 * delivery_ratio) as integer) || '% of expected' as now
    from moved_named
    where prev_rag = 'red'
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

received_late as (
    select d.region_code, d.ics_code, d.trust_code, d.supplier_name, d.contract_ref, null as measure_code,
        4 as change_rank, 'received_late' as change, 'Return for ' || strftime(d.period, '%b %Y') as item,
        'due ' || strftime(d.due_date, '%-d %b %Y') as was,
        'received, ' || regexp_extract(min(a.source_file), '[^/]*$') as now
    from returns_due d
    join (select contract_ref, period, min(source_file) as source_file from arrived group by all) a
        on a.contract_ref = d.contract_ref and a.period between d.period and d.period_end
    cross join settings s
    cross join this_loads w
    where w.loaded_before and d.due_date < s.ref_date - interval 1 month
      and not exists (
          select 1 from returns e
          where e.contract_ref = d.contract_ref and e.period between d.period and d.period_end and e.load_seq < w.first_seq)
    group by all
),

-- each commitment's return for a month loaded in $as_of's loads: its value
-- before them and after them (the latest row loaded wins, as in
-- returns_clean)
values_reloaded as (
    select r.contract_ref, r.measure_code, r.period,
        arg_max(r.value, r.load_seq * 2147483648 + r.row_number) filter (where r.load_seq < w.first_seq) as old_value,
        arg_max(r.value, r.load_seq * 2147483648 + r.row_number) as new_value,
        arg_max(r.source_file, r.load_seq * 2147483648 + r.row_number) as new_file
    from returns r
    semi join arrived a on a.contract_ref = r.contract_ref and a.measure_code = r.measure_code and a.period = r.period
    cross join this_loads w
    where r.load_seq <= w.last_seq
    group by all
),

corrected as (
    select c.region_code, c.ics_code, c.trust_code, c.supplier_name, c.contract_ref, c.measure_code,
        5 as change_rank, 'corrected' as change, c.measure_name || ', ' || strftime(r.period, '%b %Y') as item,
        rtrim(rtrim(format('{:.2f}', r.old_value), '0'), '.') as was,
        rtrim(rtrim(format('{:.2f}', r.new_value), '0'), '.') || ', corrected by ' || regexp_extract(r.new_file, '[^/]*$') as now
    from values_reloaded r
    join commitment_details c on c.contract_ref = r.contract_ref and c.measure_code = r.measure_code
    where r.old_value is not null and r.old_value is distinct from r.new_value
),

flags as (
    select f.*, k.start_date from commitment_flags f join contracts k on k.contract_ref = f.contract_ref
),

new_flags as (
    select f.region_code, f.ics_code, f.trust_code, f.supplier_name, f.contract_ref, f.measure_code,
        6 as change_rank, 'new_flag' as change, f.flag as item,
        '' as was, f.detail as now
    from flags f, settings s
    where (f.flag <> 'no_followthrough' and date_trunc('month', f.start_date) = s.this_month)
       or (f.flag = 'no_followthrough'
           and date_trunc('month', f.start_date) + to_months(s.no_followthrough_months) <= s.ref_date
           and date_trunc('month', f.start_date) + to_months(s.no_followthrough_months) > s.ref_date - interval 1 month)
),

resolved_flags as (
    select k.region_code, k.ics_code, k.trust_code, k.supplier_name, k.contract_ref, null as measure_code,
        7 as change_rank, 'resolved_flag' as change, 'no_followthrough' as item,
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
        8 as change_rank, 'started' as change, coalesce(k.title, '') as item,
        '' as was, 'started ' || strftime(k.start_date, '%-d %b %Y') as now
    from contracts k, settings s
    where date_trunc('month', k.start_date) = s.this_month
),

ended as (
    select k.region_code, k.ics_code, k.trust_code, k.supplier_name, k.contract_ref, null as measure_code,
        9 as change_rank, 'ended' as change, coalesce(k.title, '') as item,
        'live' as was, 'ended ' || strftime(k.end_date, '%-d %b %Y') as now
    from contracts k, settings s
    where date_trunc('month', k.end_date) = s.prev_month
),

final as (
    select * from turned_red
    union all select * from recovered
    union all select * from newly_overdue
    union all select * from received_late
    union all select * from corrected
    union all select * from new_flags
    union all select * from resolved_flags
    union all select * from started
    union all select * from ended
)
select * from final
