-- supersessions: every loaded return that a later load replaced, with the
-- value before and after and where each came from, so a correction is never
-- silent. Files load in order of last modification (then name); a later
-- load of the same contract, period and measure supersedes the earlier one.
-- grain: one row per superseded return row
with returns as (select * from returns),

-- a key given once has nothing to pair with, so the window below runs only
-- over the keys given more than once: every ingest lists its own
-- supersessions from this view, and a window over every return cost 0.9 s
-- at 550k rows
given_again as (
    select contract_ref, period, measure_code
    from returns
    group by contract_ref, period, measure_code
    having count(*) > 1
),

paired as (
    select
        contract_ref,
        period,
        measure_code,
        value,
        source_file,
        sheet,
        row_number,
        load_seq,
        lead(value) over w as new_value,
        lead(source_file) over w as new_file,
        lead(sheet) over w as new_sheet,
        lead(row_number) over w as new_row,
        lead(load_seq) over w as new_load_seq
    from returns
    -- the keys are not null (returns' schema), so the join keeps every row
    -- of a key given again
    join given_again using (contract_ref, period, measure_code)
    window w as (partition by contract_ref, period, measure_code order by load_seq, row_number)
),

final as (
    select
        contract_ref,
        period,
        measure_code,
        value as old_value,
        new_value,
        source_file as old_file,
        sheet as old_sheet,
        row_number as old_row,
        new_file,
        new_sheet,
        new_row,
        load_seq as old_load_seq,
        new_load_seq
    from paired
    where new_load_seq is not null
)
select * from final
