-- feedback/kpis: where each supplier in the report's scope stands in the
-- reporting month: its contracts, commitments by RAG, the share on track,
-- its overdue returns and the rows of its files that were rejected.
-- grain: one row per supplier
with st as (
    select supplier_name, count(distinct contract_ref) as contracts, count(*) as commitments,
        rag_counts(rag).green as green, rag_counts(rag).amber as amber,
        rag_counts(rag).red as red, rag_counts(rag).grey as grey,
        rag_counts(rag).on_track_pct as on_track_pct
    from commitment_status
    where as_of = $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
    group by supplier_name
),
mr as (
    select supplier_name, count(*) as missing_returns
    from missing_returns
    where period <= $as_of and in_report(region_code, ics_code, trust_code, supplier_name, $region, $ics, $trust, $supplier)
    group by supplier_name
),
rj as (
    select supplier_name, count(distinct source_file || '|' || sheet || '|' || coalesce(row_number, 0)) as rejected_rows
    from rejected_rows
    where supplier_name is not null
    group by supplier_name
)
select st.*, coalesce(mr.missing_returns, 0) as missing_returns, coalesce(rj.rejected_rows, 0) as rejected_rows
from st
left join mr on mr.supplier_name = st.supplier_name
left join rj on rj.supplier_name = st.supplier_name
order by st.supplier_name
