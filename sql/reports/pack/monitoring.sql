-- monitoring (the board pack's About sheet): the month monitoring began and
-- the latest reporting month.
-- grain: exactly one row
select monitoring_start, reporting_month as latest_month
from report_settings
