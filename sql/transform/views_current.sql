-- views_current: whether a database's views and marts are this svhub's
-- ($1: the hash of the models' text), so that opening it to write need not
-- make them again: both hashes recorded, the tables the views read as they
-- were when the views were made ($3: views_columns.sql now) and every
-- model ($2: their names) still there as a view or a table.
select
    (select coalesce(max(value), '') from meta where key = 'views_hash') = $1
    and (select coalesce(max(value), '') from meta where key = 'marts_hash') = $1
    and (select coalesce(max(value), '') from meta where key = 'views_columns') = $3
    and (
        select count(distinct name)
        from (
            select view_name as name from duckdb_views() where not internal and schema_name = 'main'
            union all
            select table_name from duckdb_tables() where schema_name = 'main'
        )
        where list_contains($2, name)
    ) = len($2)
