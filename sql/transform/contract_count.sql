-- contract_count: the contracts in the register; a merge that touches more
-- than half of them rebuilds every mart whole instead.
select count(*) from contracts
