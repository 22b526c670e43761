-- settings: the settings the report was made with (the whole report's
-- only); its first row fills the {column} placeholders of the blocks' texts.
-- grain: one row
select 'all' as scope, monitoring_start, reporting_month, today,
    100 * rag_green_min as green_min_pct, 100 * rag_amber_min as amber_min_pct,
    return_grace_days, sv_weighting_min_pct,
    coalesce((select string_agg(coalesce(measure_code, '2020 outcome ' || outcome_code_2020) || ' to ' || mission, ', ' order by 1)
        from crosswalk where confidence = 'low'), 'none') as crosswalk_low
from report_settings
