-- supersessions_since: the returns the loads after load_seq $1 replaced,
-- in the order they are reported (new file, row, key); a replacement by
-- another file of the same load with a different value is a conflict.
-- The supersessions view's pairs, found from the keys those loads gave
-- only: a key's rows pair within the key, so reading every row of those
-- keys gives the view's pairs, where the view groups every return to find
-- the keys given more than once (most of a 2,000-row correction's reading
-- time at England). The loads' rows are the table's last (load_seq grows).
with given as (
    select distinct contract_ref, period, measure_code from returns where load_seq > $1
),
paired as (
    select
        r.contract_ref,
        r.period,
        r.measure_code,
        r.value,
        r.source_file,
        r.load_seq,
        lead(r.value) over w as new_value,
        lead(r.source_file) over w as new_file,
        lead(r.row_number) over w as new_row,
        lead(r.load_seq) over w as new_load_seq
    from returns r
    join given g on g.contract_ref = r.contract_ref and g.period = r.period and g.measure_code = r.measure_code
    window w as (partition by r.contract_ref, r.period, r.measure_code order by r.load_seq, r.row_number)
)
select contract_ref, strftime(period, '%Y-%m'), measure_code, value, new_value, source_file, new_file,
    load_seq > $1 and value <> new_value
from paired
where new_load_seq > $1
order by new_file, new_row, contract_ref, period, measure_code
