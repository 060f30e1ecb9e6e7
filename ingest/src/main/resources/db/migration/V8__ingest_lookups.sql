-- A new upload under an external id that is still queued joins that upload's document instead of
-- starting a second one; finding the queued item needs this index once the item table is large.
CREATE INDEX ingest_item_external_id ON ingest_item (external_id);

-- The admin page and GET /api/jobs list the newest jobs first.
CREATE INDEX ingest_job_created ON ingest_job (created_at);
