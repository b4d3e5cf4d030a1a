#!/bin/sh
# Run once by the postgres image when its volume is new: the role Custodia works as. It owns nothing
# and is no superuser, so PostgreSQL's row-level security walls workspaces off even from a query that
# forgot its workspace; the server grants it the use of the tables when it migrates the schema.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_user="$CUSTODIA_APP_USER" -v app_password="$CUSTODIA_APP_PASSWORD" <<'SQL'
create role :"app_user" login password :'app_password';
SQL
