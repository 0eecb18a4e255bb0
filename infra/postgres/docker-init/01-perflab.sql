-- Run once by the postgres:15 image on an empty volume (docker-compose.yml
-- mounts this folder at /docker-entrypoint-initdb.d). The native stack does
-- the same in infra/stack/pieces/postgres.sh (_pg_bootstrap).
-- POSTGRES_USER=perflab is the superuser and POSTGRES_DB=perflab exists.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE DATABASE perflab_test OWNER perflab;
\connect perflab_test
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
