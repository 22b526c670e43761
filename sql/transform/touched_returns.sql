-- touched_returns: the touched contracts' returns, as a temporary table
-- that shadows the returns table while a merge stages returns_clean.
-- returns_clean ranks the rows of each key (contract, period, measure), a
-- window DuckDB cannot narrow to the touched contracts from outside, so
-- staged from the whole table it ranked every return to keep a few. Every
-- row of a key belongs to one contract, so ranking the touched contracts'
-- returns alone gives their rows the same ranks.
create or replace temp table returns as
select * from main.returns
where contract_ref in (select touched_ref from svhub_touched)
