-- Every inbox row is written three times (received, claimed, finished) and each status change writes
-- a new row version. With the payload (3-7 KB) compressed inline, every version copied about 2 KB
-- and PostgreSQL compressed it again on insert; stored out of line and uncompressed, the payload is
-- written once and the versions stay about 200 bytes (bench/README.md, run K). Affects rows written
-- from now on.
ALTER TABLE inbox ALTER COLUMN payload SET STORAGE EXTERNAL;
