-- contract_rag_months: each contract's live commitments counted by RAG
-- status, month by month, with the £ of social value they delivered: the
-- Overview's tiles and their trends (kpis, tile_history) add these up for
-- every view (rag_tally, gbp_total in sql/reports/metrics.sql) instead of
-- counting every commitment of twelve months again in each report. The £
-- stays a decimal, so the sums do not depend on the order they are added
-- in; a contract's supplier is the one holding it in the month, so a
-- novated contract counts under each in turn.
-- The rows are commitment_status's, counted (TestRAGBreakdowns_AddUpToTheCommitments
-- holds the two equal), but read from its two tables, counted on the
-- commitment's integer key before the contract's text and supplier are
-- joined: counting the view's rows cost 2.5 times as much, the most
-- expensive mart after commitment_months at England. social_value_gbp is
-- commitment_status's: delivered × the proxy £ per unit, sum measures only.
-- grain: one row per month (as_of) per contract per rag
with months as (select commitment_id, as_of, rag, delivered_to_date from commitment_months),
details as (
    select commitment_id, contract_ref, region_code, ics_code, trust_code, supplier_name, aggregation, gbp_per_unit, last_month
    from commitment_details
),
suppliers as (select contract_ref, supplier_name, from_month, to_month from contract_supplier_spans),
counted as (
    select
        m.as_of, d.contract_ref, m.rag,
        count(*) as commitments,
        sum(cast(case when d.aggregation = 'sum' then m.delivered_to_date * d.gbp_per_unit end as decimal(38, 6))) as social_value_gbp
    from months m
    join details d on d.commitment_id = m.commitment_id
    where d.last_month >= m.as_of
    group by m.as_of, d.contract_ref, m.rag
),
-- one row per contract: its trust, ICS, region and register supplier are
-- the same on each of its commitments
contracts as (select distinct contract_ref, region_code, ics_code, trust_code, supplier_name from details),
final as (
    select
        c.as_of, c.contract_ref, k.region_code, k.ics_code, k.trust_code,
        coalesce(s.supplier_name, k.supplier_name) as supplier_name,
        c.rag, c.commitments, c.social_value_gbp
    from counted c
    join contracts k on k.contract_ref = c.contract_ref
    -- a contract's spans do not overlap, so this adds a column only
    left join suppliers s on s.contract_ref = c.contract_ref and c.as_of >= s.from_month and c.as_of < s.to_month
)
select * from final
