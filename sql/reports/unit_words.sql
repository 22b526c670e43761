-- unit_words: each unit code in the words a board reads ("FTE": full-time
-- equivalent posts), for report queries that name a measure with its unit
-- ("Apprentices (number)"): read as a CTE (spec.Query.With). The same words
-- as the dashboard's unit labels (dashboard.UnitNames; a test checks they
-- agree).
-- grain: one row per unit code
select * from (values
    ('FTE', 'full-time equivalent posts'),
    ('GBP', '£'),
    ('count', 'number'),
    ('hours', 'hours'),
    ('pct', '%'),
    ('tCO2e', 'tonnes CO₂e'),
    ('tonnes', 'tonnes')
) as t(unit, words)
