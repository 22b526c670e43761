-- rules: the dated NHS and PPN rules the quality flags apply (the
-- social-value weighting minimum, the climate theme, the Carbon Reduction
-- Plan and Net Zero Commitment tiers, the public-contracts threshold), as
-- loaded from sql/seed/rules.csv or a hub's rules.csv. A rule applies to a
-- contract when its procurement date (procured_on, else start_date) falls
-- from effective_from to effective_to (the last day in force; NULL: still in
-- force). Values are text: a number, a yes/no, as the parameter says.
-- grain: one row per rule, parameter and effective_from
with tx_rules as (select * from tx_rules),
final as (
    select
        rule,
        parameter,
        value,
        effective_from,
        effective_to,
        source,
        section,
        meaning
    from tx_rules
)
select * from final
