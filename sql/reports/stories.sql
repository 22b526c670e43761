-- stories: the suppliers' own words behind the commitments that delivered
-- most, for the forum. The highlights' commitments (green, delivered ÷
-- expected at least 1, live in the reporting month, expected at least
-- highlight_floor by now, a CTE before this one), each with its latest
-- current return up to the reporting month whose notes or evidence say
-- anything: the notes (else the evidence) are the story, the evidence
-- (when the notes told the story) stands beside it, each with its runs of
-- white space made one space and cut at a word to $story_chars characters
-- with "…"; the attribution says who wrote it and when ("— supplier,
-- contract, month of the return"). The words are the supplier's: no other
-- person's data is added. Lists rank stories as the highlights
-- (dashboard.HighlightOrder).
-- grain: one row per commitment with words
-- params: $as_of, $story_chars
with ahead as (
    select c.region_code, c.ics_code, c.trust_code, c.supplier_name, c.contract_ref, c.measure_code,
        c.measure_name, c.wording_status, c.unit, c.expected_to_date, c.delivered_to_date, c.delivery_ratio, c.social_value_gbp
    from commitment_status c
    where c.as_of = cast($as_of as date) and c.last_month >= cast($as_of as date)
        and c.rag = 'green' and c.delivery_ratio >= 1
        and c.expected_to_date >= (select min_expected_to_date from highlight_floor)
),
-- the current returns with words of the commitments ahead: return_notes
-- and return_evidence hold each current return's notes and evidence
-- (at most one current return per contract, measure and month, so the
-- two join one to one)
notes as (
    select contract_ref, measure_code, period, notes
    from return_notes
    where period <= cast($as_of as date)
        and (contract_ref, measure_code) in (select contract_ref, measure_code from ahead)
),
evidence as (
    select contract_ref, measure_code, period, evidence
    from return_evidence
    where period <= cast($as_of as date)
        and (contract_ref, measure_code) in (select contract_ref, measure_code from ahead)
),
said as (
    select coalesce(n.contract_ref, e.contract_ref) as contract_ref, coalesce(n.measure_code, e.measure_code) as measure_code,
        coalesce(n.period, e.period) as period,
        nullif(trim(n.notes), '') as notes,
        nullif(trim(e.evidence), '') as evidence
    from notes n
    full join evidence e on e.contract_ref = n.contract_ref and e.measure_code = n.measure_code and e.period = n.period
),
latest as (
    select *
    from said
    where notes is not null or evidence is not null
    qualify row_number() over (partition by contract_ref, measure_code order by period desc) = 1
),
texts as (
    -- white space made one space for the latest words only (a regular
    -- expression over every return was most of this query's time)
    select contract_ref, measure_code, part, regexp_replace(words, '\s+', ' ', 'g') as words
    from (
        select contract_ref, measure_code, 'story' as part, coalesce(notes, evidence) as words from latest
        union all
        select contract_ref, measure_code, 'evidence' as part, evidence as words from latest where notes is not null
    )
),
cut as (
    -- at most $story_chars characters, then "…": the text up to the
    -- last space that leaves a whole word (a text of one long word is cut
    -- inside it), with the punctuation before the cut dropped
    select contract_ref, measure_code, part,
        case
            when length(words) <= $story_chars then words
            when regexp_matches(left(words, $story_chars + 1), '\s')
                then rtrim(regexp_replace(left(words, $story_chars + 1), '\s+\S*$', ''), ' ,;:.-') || '…'
            else left(words, $story_chars) || '…'
        end as words
    from texts
    where words is not null
),
final as (
    select a.region_code, a.ics_code, a.trust_code, a.supplier_name, a.contract_ref, a.measure_code,
        a.measure_name, a.wording_status, a.unit, a.expected_to_date, a.delivered_to_date, a.delivery_ratio, a.social_value_gbp,
        s.words as story,
        e.words as evidence,
        '— ' || a.supplier_name || ', ' || a.contract_ref || ', ' || strftime(l.period, '%b %Y') as attribution,
        l.period
    from ahead a
    join latest l on l.contract_ref = a.contract_ref and l.measure_code = a.measure_code
    join cut s on s.contract_ref = a.contract_ref and s.measure_code = a.measure_code and s.part = 'story'
    left join cut e on e.contract_ref = a.contract_ref and e.measure_code = a.measure_code and e.part = 'evidence'
)
select * from final
