-- feedback/settings: the RAG thresholds in force, for the how-to texts
-- (no supplier_name: every supplier's workbook gets the row).
-- grain: one row
select 100 * rag_green_min as green_min_pct, 100 * rag_amber_min as amber_min_pct
from report_settings
