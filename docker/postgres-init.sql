-- Runs once when the data directory is created (docker-entrypoint-initdb.d), as the superuser, in POSTGRES_DB.
-- The same objects scripts/services.sh creates on a host.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE EXTENSION IF NOT EXISTS hypopg;
-- pg_monitor = pg_read_all_stats (all query texts in pg_stat_statements) + pg_read_all_settings
-- + pg_stat_scan_tables. No password: this compose file uses trust authentication for development.
CREATE ROLE qprof LOGIN;
GRANT pg_monitor TO qprof;
\connect postgres
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE EXTENSION IF NOT EXISTS hypopg;
