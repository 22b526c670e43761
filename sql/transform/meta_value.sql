-- meta_value: one value of the meta table ('' when the key is not set):
-- what the stored marts were built for.
select coalesce(max(value), '') from meta where key = ?
