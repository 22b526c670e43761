-- highlight_floor: the least a commitment must be expected to have
-- delivered by now, in its own unit, to be a highlight or a story: under
-- one unit, 600% of an expectation of half an apprentice is noise (issue
-- 20). Read as a CTE (spec.Query.With) by the dashboard's highlights and
-- stories and the board pack's, so they all leave out the same
-- commitments.
-- grain: exactly one row
select 1 as min_expected_to_date
