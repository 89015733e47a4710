package com.mi.poco.system;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run on machines without a Docker engine, so this keeps it honest: every
 * service module (a module with an application.properties) has an entry built from its own module,
 * publishing the port its configuration listens on, pointing at Kafka, and, if it has a database,
 * at a database the PostgreSQL container creates. The expectations are read from the modules.
 */
class DockerComposeTest {

    private static final Path ROOT = ProjectModules.ROOT;
    private static final Pattern ENV_WITH_DEFAULT = Pattern.compile("\\$\\{([A-Z_]+):jdbc:postgresql://[^/]+/(\\w+)}");

    private final Map<String, Object> compose = load();

    @TestFactory
    Stream<DynamicTest> everyServiceModuleHasItsEntry() throws IOException {
        List<String> services = ProjectModules.services();
        assertThat(services.size(), greaterThan(0));
        return services.stream().map(module -> DynamicTest.dynamicTest(module, () -> checkService(module)));
    }

    @Test
    void everyGatewayUpstreamPointsAtAComposeServiceAndItsPort() throws IOException {
        Properties gateway = ProjectModules.config("redirect-gateway");
        Map<String, Object> env = environment(service("redirect-gateway"));
        List<String> upstreams = gateway.stringPropertyNames().stream().filter(k -> k.startsWith("gateway.services.")).toList();
        assertThat(upstreams.size(), greaterThan(0));
        for (String key : upstreams) {
            String variable = key.toUpperCase().replace('.', '_').replace('-', '_');
            assertThat(key + " as " + variable, env, hasKey(variable));
            String target = String.valueOf(env.get(variable));
            Matcher url = Pattern.compile("http://([a-z-]+):(\\d+)").matcher(target);
            assertThat(target, url.matches(), equalTo(true));
            String port = String.valueOf(ProjectModules.config(url.group(1)).getProperty("quarkus.http.port"));
            assertThat(key + " port", url.group(2), equalTo(port));
        }
    }

    @Test
    void brokerAndDatabaseAreThereWithHealthChecks() {
        assertThat(service("kafka"), hasKey("healthcheck"));
        assertThat(service("postgres"), hasKey("healthcheck"));
        assertThat(String.valueOf(service("kafka").get("image")), containsString("kafka"));
    }

    private void checkService(String module) throws IOException {
        Properties config = ProjectModules.config(module);
        Map<String, Object> entry = service(module);
        @SuppressWarnings("unchecked")
        Map<String, Object> build = (Map<String, Object>) entry.get("build");
        assertThat(module + " build", build, notNullValue());
        assertThat(module + " build args", (Map<?, ?>) build.get("args"), hasEntry("SERVICE", module));

        String port = config.getProperty("quarkus.http.port");
        assertThat(module + " ports", ports(entry), hasItem(port + ":" + port));

        Map<String, Object> env = environment(entry);
        assertThat(module + " Kafka", env, hasEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));
        assertThat(module + " token key", env, hasEntry("POCO_JWT_PUBLIC_KEY", "/run/keys/public.pem"));
        assertThat(module + " depends on Kafka", dependsOn(entry), hasKey("kafka"));

        String jdbc = config.getProperty("quarkus.datasource.jdbc.url");
        if (jdbc != null) {
            Matcher m = ENV_WITH_DEFAULT.matcher(jdbc);
            assertThat(module + " datasource must be ${VAR:jdbc:...}", m.matches(), equalTo(true));
            assertThat(module + " database URL", env,
                    hasEntry(m.group(1), "jdbc:postgresql://postgres:5432/" + m.group(2)));
            assertThat(module + " depends on PostgreSQL", dependsOn(entry), hasKey("postgres"));
            assertThat(Files.readString(ROOT.resolve("docker/postgres-init.sql")),
                    containsString("CREATE DATABASE " + m.group(2) + ";"));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> service(String name) {
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat("docker-compose.yml services", services, hasKey(name));
        return (Map<String, Object>) services.get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> entry) {
        Object env = entry.get("environment");
        return env == null ? Map.of() : (Map<String, Object>) env;
    }

    private static List<String> ports(Map<String, Object> entry) {
        Object ports = entry.get("ports");
        return ports == null ? List.of() : ((List<?>) ports).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dependsOn(Map<String, Object> entry) {
        Object deps = entry.get("depends_on");
        return deps == null ? Map.of() : (Map<String, Object>) deps;
    }

    private static Map<String, Object> load() {
        try (Reader in = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> yaml = new Yaml().load(in);
            assertThat(yaml, aMapWithSize(greaterThan(0)));
            return new LinkedHashMap<>(yaml);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read docker-compose.yml", e);
        }
    }
}
