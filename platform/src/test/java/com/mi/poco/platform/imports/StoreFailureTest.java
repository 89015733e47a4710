package com.mi.poco.platform.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What a line that failed alone is rejected for: only a unique key taken meanwhile is called a conflict. */
class StoreFailureTest {

    private static RuntimeException failed(String sqlState) {
        // as Hibernate and the transaction wrap the driver's exception
        return new IllegalStateException("transaction failed", new RuntimeException("could not execute statement",
                new SQLException("ERROR: from the server", sqlState)));
    }

    @Test
    void aUniqueKeyStoredMeanwhileIsAConflictToImportAgain() {
        assertEquals("could not be stored: it conflicts with a record stored concurrently; import it again",
                NdjsonImporter.storeFailure(failed("23505")));
    }

    @Test
    void anyOtherRefusalIsSaidByItsSqlStateNotCalledAConflict() {
        assertEquals("could not be stored: the database refused it (SQLSTATE 22008)", NdjsonImporter.storeFailure(failed("22008")));
        assertEquals("could not be stored: the database refused it", NdjsonImporter.storeFailure(new IllegalStateException("no SQL")));
    }
}
