-- withdrawn_target: when and by whom the file a withdraw names was last
-- withdrawn (by content, or by path as given or absolute).
select strftime(withdrawn_at, '%Y-%m-%d'), withdrawn_by from withdrawals
where file_sha256 = ? or source_file = ? or source_file = ?
order by withdrawn_at desc
limit 1
