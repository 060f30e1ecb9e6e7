-- The document catalogue and ingestion jobs.
-- A document row is written when its chunks are committed to the index, so the catalogue lists only
-- searchable documents; progress and failures live on the job items.
CREATE TABLE document (
    id            VARCHAR(36)   PRIMARY KEY,
    external_id   VARCHAR(500),
    filename      VARCHAR(500)  NOT NULL,
    title         VARCHAR(500)  NOT NULL,
    author        VARCHAR(500)  NOT NULL,
    media_type    VARCHAR(100)  NOT NULL,
    content_hash  VARCHAR(64)   NOT NULL,
    size_bytes    BIGINT        NOT NULL,
    declared_tier VARCHAR(20)   NOT NULL,
    tier          VARCHAR(20)   NOT NULL,
    groups_csv    VARCHAR(1000) NOT NULL,
    pages         INT           NOT NULL,
    chunk_count   INT           NOT NULL,
    pii_counts    VARCHAR(2000) NOT NULL,      -- JSON object: PII type -> number of spans found
    original_item VARCHAR(36)   NOT NULL,
    uploaded_by   VARCHAR(200)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX document_content_hash ON document (content_hash);
CREATE UNIQUE INDEX document_external_id ON document (external_id);

-- One upload request: a single file or a whole corpus.
CREATE TABLE ingest_job (
    id           VARCHAR(36)  PRIMARY KEY,
    kind         VARCHAR(20)  NOT NULL,
    total        INT          NOT NULL,
    skipped      INT          NOT NULL,
    submitted_by VARCHAR(200) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One file of a job on its way into the index; its original bytes are stored under the item's id.
CREATE TABLE ingest_item (
    id            VARCHAR(36)   PRIMARY KEY,
    job_id        VARCHAR(36)   NOT NULL,
    seq           INT           NOT NULL,
    filename      VARCHAR(500)  NOT NULL,
    external_id   VARCHAR(500),
    declared_tier VARCHAR(20)   NOT NULL,
    groups_csv    VARCHAR(1000) NOT NULL,
    document_id   VARCHAR(36),
    status        VARCHAR(20)   NOT NULL,
    error         VARCHAR(1000),
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ingest_item_job ON ingest_item (job_id, seq);
CREATE INDEX ingest_item_status ON ingest_item (status);
