-- A page of activities or notes sorted by time reads one branch per parent type (a child is
-- readable through its deal, its contact or its company) and merges their first rows. Each branch
-- walked the child's whole time index: a manager's activities page read every activity of the
-- workspace to find that none has a contact. These indexes hold only the live children that have
-- that parent, in time order, so a branch reads its own children and stops at the page's end
-- (ScopeSql says "the link is set" beside "the parent admits").
create index activity_by_deal_updated_ix on activity (workspace_id, updated_at, id)
    where deal_id is not null and deleted_at is null;
create index activity_by_contact_updated_ix on activity (workspace_id, updated_at, id)
    where contact_id is not null and deleted_at is null;
create index note_by_deal_updated_ix on note (workspace_id, updated_at, id)
    where deal_id is not null and deleted_at is null;
create index note_by_contact_updated_ix on note (workspace_id, updated_at, id)
    where contact_id is not null and deleted_at is null;
create index note_by_company_updated_ix on note (workspace_id, updated_at, id)
    where company_id is not null and deleted_at is null;
