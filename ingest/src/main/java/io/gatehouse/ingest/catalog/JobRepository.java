package io.gatehouse.ingest.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

/** Ingestion jobs. */
@JdbcRepository(dialect = Dialect.H2)
public interface JobRepository extends CrudRepository<JobRow, String> {

    /** A page of jobs in the order the pageable's sort gives, without counting them all. */
    List<JobRow> list(Pageable pageable);
}
