-- ref_trusts: the trusts rows are checked against.
select trust_code from organisations
