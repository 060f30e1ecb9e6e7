package io.gatehouse.ingest.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** Ingestion jobs. */
@JdbcRepository(dialect = Dialect.H2)
public interface JobRepository extends CrudRepository<JobRow, String> {
}
