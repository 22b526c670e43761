-- schema v6: the hub's own record (issue 21).
--
-- hub_log_entries: every row of a hub log workbook (svhub template
-- --hub-log) an analyst filled in and svhub ingest loaded: what was done
-- about one item (an overdue return chased, a return's evidence checked, an
-- action agreed for an off-track commitment or a quality flag) in the month
-- the log was for. Append-only: a later load of the same item and month
-- supersedes the earlier entry in the hub_log view, and both are kept with
-- who loaded them (the OS user), when and from which file.
create table hub_log_entries (
    item_key        varchar not null,  -- hubkey: type|contract|...
    item_type       varchar not null,  -- chase, offtrack, flag, evidence
    contract_ref    varchar not null,
    period          date,              -- chase, evidence: the return's month
    measure_code    varchar,           -- offtrack, evidence, flag (NULL for a contract's own flag)
    flag            varchar,           -- flag
    log_month       date not null,     -- the month the log was written for
    status          varchar not null,  -- open, in progress, chased, action agreed, resolved
    owner           varchar,
    action_agreed   varchar,
    due_date        date,
    date_checked    date,              -- the date checked, or the date chased
    evidence_check  varchar,           -- not checked, requested, seen, not provided
    notes           varchar,
    loaded_by       varchar not null,
    loaded_at       timestamp not null,
    load_seq        bigint not null,
    source_file     varchar not null,
    file_sha256     varchar not null,
    sheet           varchar not null,
    row_number      integer not null,
    extra           varchar
);
