package com.mi.poco.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Every SQL statement Hibernate prepares (HQL, Panache and native queries alike), recorded as it is
 * sent, for tests that check how the database will run them ({@link IndexProbes}). Installed by a
 * test profile: {@code quarkus.hibernate-orm.unsupported-properties."hibernate.session_factory.statement_inspector"}.
 */
public class RecordedStatements implements StatementInspector {

    private static final Set<String> RECORDED = ConcurrentHashMap.newKeySet();

    @Override
    public String inspect(String sql) {
        RECORDED.add(sql);
        return sql;
    }

    /** The property that installs it, for a {@code QuarkusTestProfile}'s overrides. */
    public static final String PROPERTY = "quarkus.hibernate-orm.unsupported-properties.\"hibernate.session_factory.statement_inspector\"";

    public static void clear() {
        RECORDED.clear();
    }

    /** The SELECTs recorded since the last {@link #clear}. */
    public static List<String> selects() {
        return RECORDED.stream().filter(sql -> sql.stripLeading().regionMatches(true, 0, "select", 0, 6)).sorted().toList();
    }
}
