-- taxonomy_seeded: whether the taxonomy is loaded: the fewer of its measures
-- and its rules (an empty rules table is reloaded too: the flags cannot judge
-- anything without rules, and no hub means to have none).
-- grain: one row
select least((select count(*) from tx_measures), (select count(*) from tx_rules))
