-- award_criteria: the level at which tenders are scored, for both Social
-- Value Models: 2020 Model Award Criteria (award_criterion 1.1, shown
-- "MAC 1.1") and the 2025 model's lettered criteria (1a ... under outcome
-- 1). name is svhub's short name; official_text the published wording where
-- it was verified (NULL otherwise: wording_status provisional, and outputs
-- mark the name "svhub wording"). A hub's award_criteria.csv replaces them.
-- grain: one row per model and award_criterion
with tx_award_criteria as (select * from tx_award_criteria),
tx_outcomes as (select model, outcome_code, outcome_name from tx_outcomes),
final as (
    select
        a.model,
        a.outcome_code,
        a.award_criterion,
        case when a.model = '2020' then 'MAC ' || a.award_criterion else a.award_criterion end as label,
        coalesce(a.official_text, a.name) as name,
        a.official_text,
        a.wording_status,
        a.source,
        o.outcome_name
    from tx_award_criteria a
    -- the taxonomy load refuses a criterion whose outcome is not there
    join tx_outcomes o on o.model = a.model and o.outcome_code = a.outcome_code
)
select * from final
