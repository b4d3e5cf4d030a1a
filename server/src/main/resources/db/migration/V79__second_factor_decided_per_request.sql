-- Whether a sign-in may only enrol a second factor is decided at each request from the workspace's
-- policy, the person's permissions and their factor (docs/api.md, "Two-factor sign-in"): a flag
-- kept per token from the moment of sign-in missed a permission gained later.
alter table auth_token drop column enrolment_only;

-- A console session opened through the workspace's identity provider (single sign-on) is its own
-- kind: the provider does the second factor, so the workspace's two-factor policy does not ask it.
alter table auth_token drop constraint auth_token_kind_ck;
alter table auth_token add constraint auth_token_kind_ck check (kind in ('api', 'console', 'sso'));
