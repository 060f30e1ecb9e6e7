package io.gatehouse.ingest.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;

/** Job items. */
@JdbcRepository(dialect = Dialect.H2)
public interface ItemRepository extends CrudRepository<ItemRow, String> {

    List<ItemRow> findByJobIdOrderBySeq(String jobId);

    List<ItemRow> findByStatusInList(Collection<JobStatus> statuses);

    List<ItemRow> findByExternalIdAndStatusInList(String externalId, Collection<JobStatus> statuses);

    long countByJobId(String jobId);

    long countByJobIdAndStatus(String jobId, JobStatus status);
}
