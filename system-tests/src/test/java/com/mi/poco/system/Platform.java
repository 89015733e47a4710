package com.mi.poco.system;

import com.mi.poco.testing.KafkaBrokerResource;
import com.mi.poco.testing.PostgresDatabaseResource;
import com.mi.poco.testing.ServiceProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The whole platform as ops run it, for a system test: the test JVM's Kafka broker, a fresh database
 * per service on the real PostgreSQL, the four services as packaged JVMs (started in parallel), then the
 * gateway in front of them. Closing it stops every process and drops every database it made.
 */
final class Platform implements AutoCloseable {

    /** The services that own a database, each with the variable its JDBC URL is given in. */
    private static final Map<String, String> DB_ENV = Map.of("account-service", "ACCOUNT_DB_URL",
            "loyalty-service", "LOYALTY_DB_URL", "coupon-service", "COUPON_DB_URL", "catalog-service", "CATALOG_DB_URL");
    static final java.util.Set<String> DATABASE_SERVICES = DB_ENV.keySet();

    private final Map<String, PostgresDatabaseResource> databases = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> jdbc = new HashMap<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private ServiceProcess gateway;

    /** Starts it all; {@code name} tells its processes' logs apart from another test's. */
    static Platform start(String name) throws Exception {
        Platform platform = new Platform();
        try {
            platform.startAll(name);
            return platform;
        } catch (Exception | Error failed) {
            platform.close();
            throw failed;
        }
    }

    private void startAll(String name) throws Exception {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        ExecutorService starting = Executors.newFixedThreadPool(4);
        Map<String, Future<ServiceProcess>> started = new LinkedHashMap<>();
        try {
            for (String service : DB_ENV.keySet()) {
                PostgresDatabaseResource database = new PostgresDatabaseResource();
                Map<String, String> db = database.start();
                databases.put(service, database);
                jdbc.put(service, db);
                started.put(service, starting.submit(() -> ServiceProcess.start(service, service + "-" + name, Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                        DB_ENV.get(service), db.get("quarkus.datasource.jdbc.url"),
                        "PGUSER", db.get("quarkus.datasource.username"),
                        "PGPASSWORD", db.get("quarkus.datasource.password")))));
            }
            for (Map.Entry<String, Future<ServiceProcess>> service : started.entrySet()) {
                services.put(service.getKey(), service.getValue().get());
            }
        } finally {
            starting.shutdown();
        }
        Map<String, String> upstreams = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap));
        upstreams.put("GATEWAY_SERVICES_ACCOUNTS", service("account-service").baseUri());
        upstreams.put("GATEWAY_SERVICES_MIGRATIONS", service("account-service").baseUri());
        upstreams.put("GATEWAY_SERVICES_LOYALTY", service("loyalty-service").baseUri());
        upstreams.put("GATEWAY_SERVICES_COUPONS", service("coupon-service").baseUri());
        upstreams.put("GATEWAY_SERVICES_CATALOG", service("catalog-service").baseUri());
        gateway = ServiceProcess.start("redirect-gateway", "gateway-" + name, upstreams);
    }

    ServiceProcess gateway() {
        return gateway;
    }

    /** Every process it started, by name: the four services, then the gateway. */
    Map<String, ServiceProcess> processes() {
        Map<String, ServiceProcess> all = new LinkedHashMap<>(services);
        all.put("redirect-gateway", gateway);
        return all;
    }

    ServiceProcess service(String name) {
        return services.get(name);
    }

    /** A connection to {@code service}'s own database. */
    Connection connect(String service) throws SQLException {
        Map<String, String> db = jdbc.get(service);
        return DriverManager.getConnection(db.get("quarkus.datasource.jdbc.url"), db.get("quarkus.datasource.username"),
                db.get("quarkus.datasource.password"));
    }

    /** The rows a query answers in {@code service}'s database, each a list of its columns' values. */
    List<List<Object>> sql(String service, String query) throws SQLException {
        try (Connection c = connect(service); ResultSet r = c.createStatement().executeQuery(query)) {
            List<List<Object>> rows = new ArrayList<>();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.add(r.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /**
     * What the gateway answers a GET of {@code path} on po.co: "301 https://www.mi.com/…", or "410 " and
     * the page a gone product's answer links to. Over a raw socket: Java's HTTP client cannot set Host.
     */
    String legacyRedirect(String path) {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: po.co\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String status = response.substring(9, 12);
            if (status.equals("410")) {
                int href = response.indexOf("href=\"");
                return "410 " + response.substring(href + 6, response.indexOf('"', href + 6));
            }
            return status + " " + response.lines().filter(l -> l.regionMatches(true, 0, "location:", 0, 9))
                    .map(l -> l.substring(9).trim()).findFirst().orElse("");
        } catch (IOException e) {
            return "unreachable: " + e;
        }
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        services.values().forEach(ServiceProcess::close);
        databases.values().forEach(PostgresDatabaseResource::stop);
    }
}
