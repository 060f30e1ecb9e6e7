package io.gatehouse.web;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.Map;

/** {@link DocumentPagingTest} with the server on PostgreSQL: the same pages, filters and refusals. */
@EnabledIfEnvironmentVariable(named = "GATEHOUSE_TEST_PG_URL", matches = ".+",
        disabledReason = "GATEHOUSE_TEST_PG_URL is not set: ./gatehouse test starts a PostgreSQL server for this")
@MicronautTest(transactional = false, environments = "postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresDocumentPagingTest extends DocumentPagingTest {

    @Override
    public Map<String, String> getProperties() {
        return TestServerProperties.freshOnPostgres();
    }
}
