-- export_period: the reporting month and the reference date an export's
-- manifest records.
-- grain: one row
select r.reporting_month, s.today
from int_reporting_month r, int_settings s
