-- PostgreSQL's settings for the portal on a machine of its own: 24 GiB, 2 cores, SSD (the
-- machine docs/benchmarks.md measures on). Scale the memory settings with the machine:
-- shared_buffers a quarter of its memory, effective_cache_size two thirds.
--   psql -U postgres -f scripts/postgresql-tuning.sql && pg_ctlcluster 15 main restart
-- Debian's defaults (128 MB of buffers, 4 MB per sort) are for a small shared machine:
-- at 5,000,000 people (a 12 GB database) they leave most reads to the kernel's cache,
-- plan index reads as if from a spinning disk and spill a recount's sorts to disk.
ALTER SYSTEM SET shared_buffers = '6GB';            -- needs a restart
ALTER SYSTEM SET effective_cache_size = '16GB';
ALTER SYSTEM SET work_mem = '32MB';
ALTER SYSTEM SET maintenance_work_mem = '1GB';      -- index builds, VACUUM
ALTER SYSTEM SET random_page_cost = 1.1;            -- SSD: a random read costs about a sequential one
ALTER SYSTEM SET effective_io_concurrency = 200;
ALTER SYSTEM SET max_wal_size = '8GB';              -- an import of a million rows, without forced checkpoints
ALTER SYSTEM SET checkpoint_timeout = '15min';
