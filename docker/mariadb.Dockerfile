# MariaDB 10.11 with the settings of scripts/services.sh (performance_schema, statement history, slow log).
FROM mariadb:10.11

# The slow log directory is a volume the agent mounts read-only; a new named volume copies this directory's
# owner and mode. setgid group 4242 (qprof-logs): the log file belongs to it and the agent joins it.
RUN groupadd --gid 4242 qprof-logs && install -d -o mysql -g qprof-logs -m 2750 /var/log/mysql
COPY mariadb-qprof.cnf /etc/mysql/conf.d/99-qprof.cnf
COPY mariadb-init.sql /docker-entrypoint-initdb.d/10-qprof.sql
