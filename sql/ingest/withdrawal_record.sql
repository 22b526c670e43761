-- withdrawal_record: who withdrew a file, when and why, and what it took
-- out (sha, file, when, by, reason, returns removed, rejections removed).
insert into withdrawals values (?, ?, ?, ?, ?, ?, ?)
