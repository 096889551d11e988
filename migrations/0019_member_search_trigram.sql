-- The member search matches any part of the folded name, card number, email or phone (LIKE '%…%'). A trigram
-- index answers that without reading every member of the đảng bộ (docs/performance.md). pg_trgm is a trusted
-- extension: the database's owner may create it, and the embedded store loads it at start.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "members_search_text_trgm" ON "members" USING gin ("search_text" gin_trgm_ops);
