-- Access review campaigns review record shares and list memberships too (access-model, "Access
-- review campaigns"), and every item keeps its grant's end as it was at the start.
alter table access_review_item drop constraint access_review_item_kind_ck;
alter table access_review_item add constraint access_review_item_kind_ck
    check (kind in ('role_assignment', 'record_share', 'list_membership', 'app_authorization'));
alter table access_review_item add column expires_at timestamp with time zone;
