-- Whether a sign-in may only enrol a second factor is decided at each request from the workspace's
-- policy, the person's permissions and their factor (docs/api.md, "Two-factor sign-in"): a flag
-- kept per token from the moment of sign-in missed a permission gained later.
alter table auth_token drop column enrolment_only;
