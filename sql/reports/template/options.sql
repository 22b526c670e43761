-- template/options: the reference date and the first month monitored,
-- which a template's pre-filled months run between.
-- grain: one row
select (select today from int_settings), (select first_data_month from int_reporting_month)
