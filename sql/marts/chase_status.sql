-- chase_status: every overdue return with how often the hub has chased it
-- ("chased 3 times, last 2 October") and whether to escalate: chased at
-- least chase_escalate_after times (setting, default 3) and still missing.
-- grain: one row per contract per overdue reporting period (as missing_returns)
-- clock: today
-- materialise: no (a view: follows each hub log load)
with missing_returns as (select * from missing_returns),
chases as (select contract_ref, period, chased_on from chases),
settings as (select chase_escalate_after from int_settings),
counted as (
    select contract_ref, period, count(*) as times_chased, max(chased_on) as last_chased
    from chases
    group by contract_ref, period
),
final as (
    select
        m.*,
        coalesce(c.times_chased, 0) as times_chased,
        c.last_chased,
        s.chase_escalate_after,
        coalesce(c.times_chased, 0) >= s.chase_escalate_after as escalate,
        case
            when c.times_chased is null then 'not chased'
            else 'chased ' || case when c.times_chased = 1 then 'once' else c.times_chased || ' times' end
                || ', last ' || extract(day from c.last_chased) || ' '
                || case month(c.last_chased)
                    when 1 then 'January' when 2 then 'February' when 3 then 'March' when 4 then 'April'
                    when 5 then 'May' when 6 then 'June' when 7 then 'July' when 8 then 'August'
                    when 9 then 'September' when 10 then 'October' when 11 then 'November' else 'December'
                end || ' ' || year(c.last_chased)
        end as chased
    from missing_returns m
    cross join settings s
    left join counted c on c.contract_ref = m.contract_ref and c.period = m.period
)
select * from final
