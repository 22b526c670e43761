-- touches_all: whether the given files (a list of SHA-256s) hold rows every
-- contract's marts read: proxy values (the £ per unit of a measure, in
-- every commitment of it). The merge then rebuilds every mart whole.
with files as (select unnest(cast(? as varchar[])) as file_sha256),
final as (
    select exists (select 1 from proxy_values where file_sha256 in (select file_sha256 from files)) as touches_all
)
select * from final
