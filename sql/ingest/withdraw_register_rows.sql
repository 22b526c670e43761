-- withdraw_register_rows: how many register rows a file ($1: its SHA-256)
-- gave. withdraw refuses such a file: its rows replaced earlier ones, which
-- are not kept, so taking them out would leave no register row at all.
select
    (select count(*) from organisations where file_sha256 = $1)
    + (select count(*) from contracts where file_sha256 = $1)
    + (select count(*) from commitments where file_sha256 = $1)
    + (select count(*) from proxy_values where file_sha256 = $1)
    + (select count(*) from priorities where file_sha256 = $1)
