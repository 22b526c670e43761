-- rejections: every row that did not load, and why, traceable to its cell,
-- with the row's contract reference and supplier name as the row gave them
-- (blank for a whole file or sheet, or a row without them).
-- grain: one row per problem (a row can have several)
with rejections_raw as (select * from rejections_raw),
final as (
    select source_file, file_sha256, sheet, row_number, column_name, value, reason, cell, load_seq, contract_ref, supplier_name
    from rejections_raw
)
select * from final
