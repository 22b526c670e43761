-- settings (the board pack's About sheet): the settings svhub stored, with
-- the values in force (report_settings: a flag, SVHUB_* variable or
-- svhub.toml can override one for a run) for the three the figures depend
-- on most.
-- grain: one row per setting
with stored as (select key, value, description from stg_settings),
in_force as (select rag_green_min, rag_amber_min, return_grace_days from report_settings)
select s.key,
    case s.key
        when 'rag_green_min' then cast(r.rag_green_min as varchar)
        when 'rag_amber_min' then cast(r.rag_amber_min as varchar)
        when 'return_grace_days' then cast(r.return_grace_days as varchar)
        else s.value end as value,
    coalesce(s.description, '') as description
from stored s, in_force r
order by s.key
