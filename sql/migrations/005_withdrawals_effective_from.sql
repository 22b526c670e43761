-- schema v5: withdrawn files and contract register history (issue 18).
--
-- withdrawals: every file taken back out with `svhub withdraw`, who did it,
-- when and why. The file's returns and rejections are deleted, so the
-- returns it superseded are current again; its ingest_files row goes too
-- (the marts and the monthly outputs see the set of loaded files change),
-- and an ingest skips the file while it is withdrawn (--force reads it
-- again).
create table withdrawals (
    file_sha256         varchar not null,
    source_file         varchar not null,
    withdrawn_at        timestamp not null,
    withdrawn_by        varchar not null,
    reason              varchar not null,
    returns_removed     bigint not null,
    rejections_removed  bigint not null
);

-- Outputs follow what the database holds, not what one run read (a run
-- killed after its load committed must be rebuilt whole by the next one):
-- the feedback workbooks are written from rejections_raw and ingest_files,
-- so each keeps what to do apart from the reason, and the rows read.
alter table rejections_raw add column hint varchar;
alter table ingest_files add column rows_read bigint;

-- Novation: a register row that changes a contract's supplier no longer
-- rewrites its history. contracts keeps the register's latest row (with the
-- date it applies from, when the register gives one); contract_suppliers
-- keeps every supplier a contract has had and the date each held it from:
-- the register's effective_from, else the reference date of the load that
-- brought the change (a contract's first supplier holds it from its start).
-- The models give each month to the supplier holding the contract then.
alter table contracts add column effective_from date;

create table contract_suppliers (
    contract_ref   varchar not null,
    effective_from date not null,
    supplier_name  varchar not null,
    supplier_id    varchar,
    source_file    varchar not null,
    file_sha256    varchar not null,
    sheet          varchar not null,
    row_number     integer not null,
    primary key (contract_ref, effective_from)
);
insert into contract_suppliers
select contract_ref, start_date, supplier_name, supplier_id, source_file, file_sha256, sheet, row_number
from contracts;
