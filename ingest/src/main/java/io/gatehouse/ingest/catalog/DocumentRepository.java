package io.gatehouse.ingest.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

/** The catalogue table, one document at a time; pages of it are read by {@link DocumentCatalogue}. The dialect here is the compile-time default; configuration may name another. */
@JdbcRepository(dialect = Dialect.H2)
public interface DocumentRepository extends CrudRepository<DocumentRow, String> {

    List<DocumentRow> findByContentHash(String contentHash);

    Optional<DocumentRow> findByExternalId(String externalId);
}
