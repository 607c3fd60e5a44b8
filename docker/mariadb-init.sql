-- Runs once when the data directory is created (docker-entrypoint-initdb.d), as root.
-- Least-privilege monitoring user, as scripts/services.sh creates on a host ('%': the agent is another
-- container). No password: this compose file is for development, published on loopback only.
CREATE USER IF NOT EXISTS 'qprof'@'%';
GRANT PROCESS ON *.* TO 'qprof'@'%';
GRANT SELECT ON performance_schema.* TO 'qprof'@'%';
GRANT SELECT ON mysql.* TO 'qprof'@'%';
