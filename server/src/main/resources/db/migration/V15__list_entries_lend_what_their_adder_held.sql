-- A list entry gives no more than its adder held on the contact when adding it (access-model, "A
-- grant never exceeds its granter"): the most the adder's roles allowed (VIEW, EDIT or DELETE), the
-- fields hidden from the adder (hidden from every member through this entry) and the fields the
-- adder could read but not edit (read-only through it).
alter table list_contact add column lends varchar(10) not null default 'VIEW';
alter table list_contact add constraint list_contact_lends_ck check (lends in ('VIEW', 'EDIT', 'DELETE'));
alter table list_contact add column withheld jsonb not null default '[]';
alter table list_contact add column read_only jsonb not null default '[]';
-- Entries made before this rule lend VIEW until the server has assessed them once, at start, from
-- what their adder's roles allow (records.ListEntriesAssessed); new entries are assessed when made.
alter table list_contact add column assessed boolean not null default false;
alter table list_contact alter column assessed set default true;
