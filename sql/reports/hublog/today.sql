-- hublog/today: the reference date the views use, the date a chase letter
-- is written on.
select today from int_settings
