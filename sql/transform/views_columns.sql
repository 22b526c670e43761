-- views_columns: a fingerprint of the columns of the tables the views read
-- (every base table but the marts: $1, the models' names), recorded when
-- the views are made (meta views_columns). A column dropped or changed
-- outside svhub changes it, so Prepare makes the views again and DuckDB's
-- binder names what is missing, as before views were left alone.
select md5(coalesce(string_agg(c.table_name || '.' || c.column_name || ' ' || c.data_type, ',' order by c.table_name, c.column_name), ''))
from information_schema.columns c
join information_schema.tables t using (table_catalog, table_schema, table_name)
where c.table_schema = 'main' and t.table_type = 'BASE TABLE' and c.table_catalog = current_database()
    and not list_contains($1, c.table_name)
