-- schema v4: the dated NHS and PPN rules as data, and what a contract's
-- carbon-plan rule needs to know.
--
-- tx_rules holds every rule the flags apply (the weighting minimum, the
-- climate theme, the Carbon Reduction Plan and Net Zero Commitment tiers,
-- the public-contracts threshold), each with the dates it is in force and
-- its source, so no date or £ figure of a rule is written in SQL or Go. It
-- is seeded from sql/seed/rules.csv and replaced by `svhub taxonomy load`
-- (a rules.csv in the folder); the `rules` view reads it.
create table tx_rules (
    rule           varchar not null,  -- e.g. crp, nzc, sv_weighting
    parameter      varchar not null,  -- e.g. min_gbp_per_year
    value          varchar not null,
    effective_from date not null,     -- procurements started on or after this day
    effective_to   date,              -- last day in force; NULL: still in force
    source         varchar not null,  -- the document
    section        varchar,           -- where in it
    meaning        varchar,           -- the rule in plain words
    check (effective_to is null or effective_to >= effective_from)
);

-- The rules that moved here were settings; a setting for them would now be
-- silently ignored, so they go.
delete from settings where key in ('crp_threshold_gbp', 'crp_all_from', 'sv_weighting_min_pct');

-- What the supplier has on record: crp (a Carbon Reduction Plan), nzc (a
-- Net Zero Commitment) or none; NULL: not given (crp_published still read).
alter table contracts add column carbon_plan varchar;
-- a framework agreement run by an NHS body (every new one needs a CRP)
alter table contracts add column framework boolean;
-- the day the procurement started, which decides the rules that apply;
-- NULL: the contract's start_date
alter table contracts add column procured_on date;

-- The award-criteria level (2020: MAC 1.1 ..., 2025: 1a ...), each measure's
-- criterion, and honest wording: official_text only where a published text
-- was verified, wording_status verified/provisional, and the source. The
-- crosswalk rows carry why and how sure. The taxonomy tables are recreated
-- empty so the new seed (with these columns) loads on the next write, as
-- migration 002 did; a hub that loaded its own taxonomy loads it again.
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
create table tx_award_criteria (
    model           varchar not null,
    outcome_code    varchar not null,
    award_criterion varchar not null,  -- 2020: 1.1 (MAC 1.1); 2025: 1a
    name            varchar not null,  -- svhub's short name
    official_text   varchar,           -- the published wording, where verified
    wording_status  varchar not null default 'provisional' check (wording_status in ('verified', 'provisional')),
    source          varchar,
    primary key (model, award_criterion)
);
create table tx_measures (
    measure_code    varchar primary key,
    model           varchar not null,
    outcome_code    varchar not null,
    measure_name    varchar not null,
    unit            varchar not null,
    aggregation     varchar not null check (aggregation in ('sum', 'latest')),
    award_criterion varchar,           -- NULL: not linked to a criterion
    official_text   varchar,
    wording_status  varchar not null default 'provisional' check (wording_status in ('verified', 'provisional')),
    source          varchar
);
-- a row maps either a whole 2020 outcome or one measure (measure wins)
create table tx_crosswalk (
    outcome_code_2020 varchar,
    measure_code      varchar,
    mission           varchar not null,
    rationale         varchar,
    confidence        varchar check (confidence in ('high', 'medium', 'low')),
    check ((outcome_code_2020 is null) <> (measure_code is null))
);
