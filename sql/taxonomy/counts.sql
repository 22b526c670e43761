-- taxonomy_counts: the rows of each taxonomy table, as `svhub taxonomy load`
-- reports them.
-- grain: one row
select
    (select count(*) from tx_missions),
    (select count(*) from tx_outcomes),
    (select count(*) from tx_crosswalk),
    (select count(*) from tx_award_criteria),
    (select count(*) from tx_measures),
    (select count(*) from tx_rules)
