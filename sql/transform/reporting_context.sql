-- reporting_context: the row every contract's months hang on (the
-- reporting month and the monitoring start) as text; the marts record it,
-- and a merge needs it unchanged.
select cast(to_json(r) as varchar) from int_reporting_month r
