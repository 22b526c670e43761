-- reporting_month: the month the marts' *_latest tables hold (the report's
-- $reporting_month: rag_breakdown reads rag_breakdowns_latest for it).
-- grain: one row
select reporting_month from report_settings
