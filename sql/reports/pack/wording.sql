-- wording (the board pack's About sheet): how many measure and
-- award-criterion names are svhub's paraphrase (provisional), of how many.
-- grain: exactly one row
select (select count(*) filter (where wording_status = 'provisional') from measures) as measures_provisional,
    (select count(*) from measures) as measures,
    (select count(*) filter (where wording_status = 'provisional') from award_criteria) as criteria_provisional,
    (select count(*) from award_criteria) as criteria
