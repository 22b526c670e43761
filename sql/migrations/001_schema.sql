-- schema v1: raw tables with provenance, taxonomy, settings.
-- Raw tables hold what was loaded, exactly as validated; views under
-- staging/intermediate/marts compute everything else.

create table meta (
    key   varchar primary key,
    value varchar not null
);

create table settings (
    key         varchar primary key,
    value       varchar not null,
    description varchar
);
insert into settings values
    ('rag_green_min', '0.95', 'delivery ratio at or above which a commitment is green'),
    ('rag_amber_min', '0.75', 'delivery ratio at or above which a commitment is amber (below: red)'),
    ('return_grace_days', '30', 'days after the end of a month before its return is overdue'),
    ('sv_weighting_min_pct', '10', 'NHS minimum social-value share of the evaluation weight'),
    ('no_followthrough_months', '3', 'months after contract start with no return at all before it is flagged'),
    ('monitoring_start', '', 'first month (YYYY-MM) the hub collects returns for; blank: the earliest month with any return');

-- taxonomy (seeded from sql/seed/*.csv; editable data, not code)
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
create table tx_crosswalk (
    outcome_code_2020 varchar primary key,
    mission           varchar not null
);

create table ingest_files (
    file_sha256  varchar primary key,
    source_file  varchar not null,
    format       varchar not null,
    load_seq     bigint not null,
    ingested_at  timestamp not null,
    rows_loaded  bigint not null,
    rows_rejected bigint not null,
    strict_failed boolean not null default false
);

create table organisations (
    trust_code  varchar primary key,
    trust_name  varchar not null,
    ics_code    varchar not null,
    ics_name    varchar,
    region_code varchar not null,
    region_name varchar,
    source_file varchar not null,
    file_sha256 varchar not null,
    sheet       varchar not null,
    row_number  integer not null,
    extra       varchar   -- JSON text: the row's other columns, {"header": "text"}
);

create table contracts (
    contract_ref     varchar primary key,
    supplier_name    varchar not null,
    supplier_id      varchar,
    trust_code       varchar not null,
    title            varchar,
    category         varchar,
    value_gbp        double not null,
    start_date       date not null,
    end_date         date not null,
    sv_weighting_pct double not null,
    model            varchar not null,
    crp_published    boolean,
    local_area       varchar,
    source_file      varchar not null,
    file_sha256      varchar not null,
    sheet            varchar not null,
    row_number       integer not null,
    extra            varchar    -- JSON text
);

create table commitments (
    contract_ref  varchar not null,
    measure_code  varchar not null,
    target        double,          -- NULL: a vague commitment, flagged not rejected
    unit          varchar,
    frequency     varchar,
    period_from   date,
    period_to     date,
    delivery_plan varchar,
    location      varchar,
    source_file   varchar not null,
    file_sha256   varchar not null,
    sheet         varchar not null,
    row_number    integer not null,
    extra         varchar,    -- JSON text
    primary key (contract_ref, measure_code)
);

create table returns (
    contract_ref  varchar not null,
    period        date not null,   -- first day of the month
    measure_code  varchar not null,
    value         double not null,
    supplier_name varchar,
    evidence      varchar,
    notes         varchar,
    location      varchar,
    load_seq      bigint not null, -- later loads supersede earlier ones
    source_file   varchar not null,
    file_sha256   varchar not null,
    sheet         varchar not null,
    row_number    integer not null,
    cell          varchar,          -- the value's cell, e.g. D7
    extra         varchar   -- JSON text: the row's other columns, {"header": "text"}
);

create table rejections_raw (
    source_file varchar not null,
    file_sha256 varchar not null,
    sheet       varchar not null,
    row_number  integer,
    column_name varchar,
    cell        varchar,
    value       varchar,
    reason      varchar not null,
    load_seq    bigint not null
);
