-- Run once by the postgres:15 image on an empty volume (mounted at
-- /docker-entrypoint-initdb.d). Copy of infra/postgres/docker-init/01-perflab.sql:
-- keep the two in step. POSTGRES_USER=perflab is the superuser, POSTGRES_DB=perflab.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE DATABASE perflab_test OWNER perflab;
\connect perflab_test
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
