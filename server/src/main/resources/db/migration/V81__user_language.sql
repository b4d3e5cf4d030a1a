-- The language a person reads what Custodia writes to them later (e-mails): pt-BR or en, as they
-- last chose it in the console or through PATCH /api/v1/me; null until they choose (English).
alter table app_user add column language varchar(10);
alter table app_user add constraint app_user_language_ck check (language in ('pt-BR', 'en'));
