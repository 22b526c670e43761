-- withdrawn_files: files withdrawn and not loaded again since (an ingest
-- skips them), with when and by whom the last withdrawal was.
select file_sha256, strftime(max(withdrawn_at), '%Y-%m-%d'), arg_max(withdrawn_by, withdrawn_at)
from withdrawals
where file_sha256 not in (select file_sha256 from ingest_files)
group by file_sha256
