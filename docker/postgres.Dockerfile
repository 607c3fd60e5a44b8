# PostgreSQL 15 with the settings of scripts/services.sh, pg_stat_statements and HypoPG.
# The official image lacks HypoPG; its PGDG apt source (already configured) has it.
FROM postgres:15-bookworm

RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends "postgresql-$PG_MAJOR-hypopg"; \
    rm -rf /var/lib/apt/lists/*; \
    groupadd --gid 4242 qprof-logs; \
    install -d -o postgres -g qprof-logs -m 2750 /var/log/postgresql

# Logs go to a volume the agent mounts read-only. The directory is setgid to group 4242 (qprof-logs), so
# log files (log_file_mode 0640) belong to that group and the agent joins it (group_add in compose.yml).
# New data directories are created from the sample: make them include qprof's settings (the same file
# services.sh writes to conf.d) and log into that directory.
COPY postgresql-qprof.conf /etc/postgresql/qprof.conf
RUN printf "\ninclude '/etc/postgresql/qprof.conf'\nlog_directory = '/var/log/postgresql'\n" \
      >> /usr/share/postgresql/postgresql.conf.sample

# Runs once, on an empty data directory: extensions and the least-privilege qprof role.
COPY postgres-init.sql /docker-entrypoint-initdb.d/10-qprof.sql
