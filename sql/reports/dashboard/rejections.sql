-- rejections: rows of supplier files that could not be loaded, by
-- supplier and reason, most rows first, in every view, with each
-- supplier's and the scope's totals; rows naming no supplier last.
-- grain: one row per scope, supplier and reason
with r as (from scoped(rejected_rows, $region, $ics, $trust, $supplier, $drill, $supplier_views)),
keyed as (select *, source_file || '|' || sheet || '|' || coalesce(row_number, 0) as row_key from r),
per_supplier as (
    select scope, supplier_name, count(distinct row_key) as supplier_rows from keyed group by all
),
totals as (
    select scope, count(distinct row_key) as total_rows,
        count(distinct row_key) filter (where supplier_name is null) as untraced_rows,
        count(distinct supplier_name) as suppliers
    from keyed group by scope
)
select k.scope, coalesce(k.supplier_name, '') as supplier_name, k.reason,
    count(distinct k.row_key) as rows_rejected,
    string_agg(distinct regexp_extract(k.source_file, '[^/\\]*$'), ', ' order by regexp_extract(k.source_file, '[^/\\]*$')) as files,
    any_value(s.supplier_rows) as supplier_rows,
    any_value(t.total_rows) as total_rows, any_value(t.untraced_rows) as untraced_rows, any_value(t.suppliers) as suppliers
from keyed k
join per_supplier s on s.scope = k.scope and s.supplier_name is not distinct from k.supplier_name
join totals t on t.scope = k.scope
group by k.scope, k.supplier_name, k.reason
order by k.scope, k.supplier_name is null, supplier_rows desc, k.supplier_name, rows_rejected desc, k.reason
