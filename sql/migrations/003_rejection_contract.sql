-- schema v40: a rejected row keeps the contract reference and supplier name
-- as the row gave them (blank when the row had none, or for a whole file
-- or sheet), so reports can say which supplier's rows were rejected and
-- feedback can go back to that supplier even from a file mixing suppliers.
alter table rejections_raw add column contract_ref varchar;
alter table rejections_raw add column supplier_name varchar;
