-- Webhooks are signed as the Standard Webhooks specification says: the secret is
-- 'whsec_' + base64 of the key. Secrets made before were used as their own UTF-8 bytes, so each is
-- rewritten as the base64 of those bytes: the key, and so every receiver's check, stays the same.
-- The migration sees every workspace (row-level security is forced on the owner too).
/* [jooq ignore start] */
select set_config('custodia.workspace', '*', true);
update integration_app
set webhook_secret = 'whsec_' || translate(encode(convert_to(webhook_secret, 'UTF8'), 'base64'), E'\n', '')
where webhook_secret is not null and webhook_secret not like 'whsec\_%';
/* [jooq ignore stop] */
