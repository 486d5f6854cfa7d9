-- dbtool_reader: a PostgreSQL role that can only read dbtool's tables and views.
-- The role to put in DBTOOL_DATABASE_URL for `dbtool sql` and `dbtool report NAME`
-- (docs/security.md). It cannot run `dbtool check` or `dbtool report all`, which
-- store check runs: give those the owner's URL.
--
-- Run it as a superuser, connected to the dbtool database; it is idempotent, and
-- also grants tables that later migrations add (default privileges of their owner):
--
--   psql -v ON_ERROR_STOP=1 -d dbtool -f scripts/pg-readonly-role.sql
--   psql -d dbtool -c '\password dbtool_reader'
--
-- Not a superuser, owns nothing, member of no role, SELECT only: so the server
-- itself refuses COPY ... TO/FROM PROGRAM and server files, pg_read_file and
-- friends, lo_import/lo_export, and signalling other roles' backends
-- (pg_terminate_backend), whatever a query tries.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dbtool_reader') THEN
        CREATE ROLE dbtool_reader LOGIN;
    END IF;
END
$$;

-- Whatever the role was before: none of the powers a reader does not need.
ALTER ROLE dbtool_reader NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
-- Every transaction it starts is read-only, even one dbtool did not start.
ALTER ROLE dbtool_reader SET default_transaction_read_only = on;

DO $$
DECLARE
    -- Who creates dbtool's tables: the owner of alembic_version, else the database's owner.
    owner name := coalesce(
        (SELECT tableowner FROM pg_tables
          WHERE schemaname = 'public' AND tablename = 'alembic_version'),
        (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()));
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO dbtool_reader', current_database());
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
                   'GRANT SELECT ON TABLES TO dbtool_reader', owner);
END
$$;

GRANT USAGE ON SCHEMA public TO dbtool_reader;
-- Tables and views alike (GRANT counts a view as a table); nothing else.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO dbtool_reader;
