package com.mi.poco.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What a fail-over or a restart of the database server looks like to a service, done to the test's
 * own database only: it refuses new connections ({@code ALLOW_CONNECTIONS false}) and its open
 * sessions are terminated. {@link #close()} lets connections in again.
 */
public final class DatabaseOutage implements AutoCloseable {

    private final String adminUrl;
    private final String database;
    private final String user = Optional.ofNullable(System.getenv("PGUSER")).orElse("postgres");
    private final String password = Optional.ofNullable(System.getenv("PGPASSWORD")).orElse("");

    private DatabaseOutage(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        this.database = uri.getPath().substring(1);
        this.adminUrl = "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/postgres";
    }

    /** The service's database (the one this test run made) goes away now. */
    public static DatabaseOutage ofTheServiceDatabase() {
        return of(serviceJdbcUrl());
    }

    /** The database at {@code jdbcUrl} (one this test made) goes away now. */
    public static DatabaseOutage of(String jdbcUrl) {
        DatabaseOutage outage = new DatabaseOutage(jdbcUrl);
        outage.execute("ALTER DATABASE " + outage.database + " ALLOW_CONNECTIONS false");
        outage.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + outage.database + "'");
        return outage;
    }

    /** How many sessions the service's database has now: in a service at rest, the connections its pool keeps. */
    public static int sessionsOfTheServiceDatabase() {
        DatabaseOutage server = new DatabaseOutage(serviceJdbcUrl());
        return server.onTheServer("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + server.database + "'", statement -> {
            try (ResultSet count = statement.getResultSet()) {
                count.next();
                return count.getInt(1);
            }
        });
    }

    @Override
    public void close() {
        execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
    }

    private static String serviceJdbcUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    }

    private void execute(String sql) {
        onTheServer(sql, statement -> null);
    }

    /** What {@code read} makes of {@code sql}'s outcome, run on the server's admin database. */
    private <T> T onTheServer(String sql, Outcome<T> read) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return read.of(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private interface Outcome<T> {
        T of(Statement executed) throws SQLException;
    }
}
