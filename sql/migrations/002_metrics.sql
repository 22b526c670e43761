-- schema v2: settings for the new metrics, measure-level crosswalk rows,
-- hub-editable taxonomy (the corrected 2025 outcomes reload from the seed),
-- and the proxy-values and priorities inputs.

insert or ignore into settings values
    ('crp_threshold_gbp', '5000000', 'contract value a year above which a Carbon Reduction Plan is required (before crp_all_from)'),
    ('crp_all_from', '2024-04-01', 'contracts starting on or after this date always need a Carbon Reduction Plan'),
    ('ahead_of_plan_ratio', '1.2', 'delivery ratio at or above which a commitment is highlighted as ahead of plan'),
    ('generic_phrases', 'we always;where possible;committed to;as appropriate;where appropriate;as and when;best endeavours;where feasible',
        'phrases (separated by ;) that make a delivery plan generic policy language');

-- The taxonomy tables are recreated empty so the corrected seed loads on
-- the next write (2025 outcomes 2-8 were wrong before; see domain.md).
drop table tx_measures;
drop table tx_outcomes;
drop table tx_crosswalk;
drop table tx_missions;

create table tx_missions (
    mission      varchar primary key,
    mission_name varchar not null
);
create table tx_outcomes (
    model        varchar not null,
    outcome_code varchar not null,
    theme        varchar,
    outcome_name varchar not null,
    mission      varchar,          -- 2025: its mission; 2020: via crosswalk
    primary key (model, outcome_code)
);
create table tx_measures (
    measure_code varchar primary key,
    model        varchar not null,
    outcome_code varchar not null,
    measure_name varchar not null,
    unit         varchar not null,
    aggregation  varchar not null check (aggregation in ('sum', 'latest'))
);
-- a row maps either a whole 2020 outcome or one measure (measure wins)
create table tx_crosswalk (
    outcome_code_2020 varchar,
    measure_code      varchar,
    mission           varchar not null,
    check ((outcome_code_2020 is null) <> (measure_code is null))
);

-- £ per unit of a measure, from a named proxy table (illustrative in the demo)
create table proxy_values (
    measure_code varchar primary key,
    gbp_per_unit double not null,
    source       varchar not null,
    year         integer not null,
    source_file  varchar not null,
    file_sha256  varchar not null,
    sheet        varchar not null,
    row_number   integer not null,
    extra        varchar
);

-- the hub's priorities by ICS, for an outcome (model.outcome, e.g. 2025.4)
-- or a mission (M2): feedback for next year's specifications
-- ('' where not given, so the three make a key)
create table priorities (
    ics_code     varchar not null,
    outcome_code varchar not null default '',
    mission      varchar not null default '',
    priority     varchar not null,
    source_file  varchar not null,
    file_sha256  varchar not null,
    sheet        varchar not null,
    row_number   integer not null,
    extra        varchar,
    primary key (ics_code, outcome_code, mission)
);
