-- The head of each workspace's audit chain (its last seq and hash), moved with every append under
-- the same lock. A chain alone cannot show that its last entries were removed; the head can.
alter table workspace add column audit_head_seq bigint not null default 0;
alter table workspace add column audit_head_hash varchar(64);

/* [jooq ignore start] */
update workspace w
set audit_head_seq = a.seq, audit_head_hash = a.hash
from (select distinct on (workspace_id) workspace_id, seq, hash
      from audit_entry
      order by workspace_id, seq desc) a
where a.workspace_id = w.id;
/* [jooq ignore stop] */
