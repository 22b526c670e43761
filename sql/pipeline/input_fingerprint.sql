-- input_fingerprint: the SHA-256 of every file loaded, in load order: what
-- the month's outputs are built from (inputs.json's "files").
select file_sha256
from ingest_files
order by load_seq, file_sha256
