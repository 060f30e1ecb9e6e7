-- The document catalogue and ingestion jobs.
CREATE TABLE document (
    id            VARCHAR(36)  PRIMARY KEY,
    filename      VARCHAR(500) NOT NULL,
    title         VARCHAR(500) NOT NULL,
    media_type    VARCHAR(100) NOT NULL,
    content_hash  VARCHAR(64)  NOT NULL,
    size_bytes    BIGINT       NOT NULL,
    declared_tier VARCHAR(20)  NOT NULL,
    tier          VARCHAR(20)  NOT NULL,
    groups_csv    VARCHAR(1000) NOT NULL,
    pages         INT          NOT NULL,
    chunk_count   INT          NOT NULL,
    status        VARCHAR(20)  NOT NULL,
    uploaded_by   VARCHAR(200) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX document_content_hash ON document (content_hash);

CREATE TABLE ingest_job (
    id           VARCHAR(36)  PRIMARY KEY,
    document_id  VARCHAR(36)  NOT NULL,
    filename     VARCHAR(500) NOT NULL,
    status       VARCHAR(20)  NOT NULL,
    error        VARCHAR(1000),
    submitted_by VARCHAR(200) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
