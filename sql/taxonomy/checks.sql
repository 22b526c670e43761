-- taxonomy_checks: the references between the taxonomy tables, checked after
-- a load; bad is the first offending key, null when the check passes, and
-- what the message that names it (%s).
-- grain: one row per check, in the order they are reported
select 1 as n, 'measure %s names an outcome that is not in outcomes.csv' as what,
    (select any_value(m.measure_code) from tx_measures m
        anti join tx_outcomes o on o.model = m.model and o.outcome_code = m.outcome_code) as bad
union all
select 2, 'outcome %s names a mission that is not in missions.csv',
    (select any_value(o.model || '.' || o.outcome_code) from tx_outcomes o
        anti join tx_missions mi on mi.mission = o.mission where o.mission is not null)
union all
select 3, 'crosswalk row %s names a mission that is not in missions.csv',
    (select any_value(coalesce(x.measure_code, x.outcome_code_2020)) from tx_crosswalk x
        anti join tx_missions mi on mi.mission = x.mission)
union all
select 4, 'award criterion %s names an outcome that is not in outcomes.csv',
    (select any_value(a.model || ' ' || a.award_criterion) from tx_award_criteria a
        anti join tx_outcomes o on o.model = a.model and o.outcome_code = a.outcome_code)
union all
select 5, 'measure %s names an award criterion that is not in award_criteria.csv for its model',
    (select any_value(m.measure_code || ' (' || m.award_criterion || ')') from tx_measures m
        anti join tx_award_criteria a on a.model = m.model and a.award_criterion = m.award_criterion
        where m.award_criterion is not null)
union all
-- two rows of one rule parameter in force on the same day would make the
-- rule applied depend on the order rows were read
select 6, 'rules.csv: rule %s has two rows in force on the same day; end the earlier row (effective_to) the day before the later one starts',
    (select any_value(a.rule || '.' || a.parameter || ' (' || a.effective_from || ' and ' || b.effective_from || ')')
        from tx_rules a join tx_rules b on a.rule = b.rule and a.parameter = b.parameter
            and (a.effective_from < b.effective_from or (a.effective_from = b.effective_from and a.rowid < b.rowid))
        where a.effective_to is null or a.effective_to >= b.effective_from)
order by n
