package com.mi.poco.system;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import com.mi.poco.events.EventType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests quarkus-kubernetes wrote at package time ({@code <module>/target/kubernetes/kubernetes.yml},
 * from each module's configuration and its {@code src/main/kubernetes} fragment) agree with what the
 * service reads and does: probes on its port and health paths, every environment variable it reads
 * set (and none it does not), each ConfigMap key and Secret there to be found, its autoscaler bounded by
 * the partitions of the topics it consumes and aimed at its own consumer group, and every topic the
 * platform uses declared once. The expectations come from the modules, not from a copy here.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = ProjectModules.ROOT;
    private static final List<String> MODULES = ProjectModules.services();
    /** The settings every service inherits: web's (all), platform's and messaging's (database-backed services). */
    private static final Path PLATFORM_CONFIG = Path.of("platform/src/main/resources/META-INF/microprofile-config.properties");
    private static final Path MESSAGING_CONFIG = Path.of("messaging/src/main/resources/META-INF/microprofile-config.properties");
    private static final Path WEB_CONFIG = Path.of("web/src/main/resources/META-INF/microprofile-config.properties");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    /** Where health and metrics are served: the management interface (web's configuration). */
    private static final int MANAGEMENT_PORT = 9000;
    /** Read by the image's entry point (docker/Dockerfile.jvm) or glibc, or set by quarkus-kubernetes for the application. */
    private static final Set<String> NOT_READ_BY_CONFIG = Set.of("JAVA_OPTS", "MALLOC_ARENA_MAX", "KUBERNETES_NAMESPACE");

    private final Map<String, List<Map<String, Object>>> manifests = new HashMap<>();
    private final Map<String, Object> platform = singleDocument("deploy/kubernetes/poco-platform.yml");

    @TestFactory
    Stream<DynamicTest> eachServiceIsDeployedAsItIsConfigured() {
        return MODULES.stream().flatMap(module -> Stream.of(
                DynamicTest.dynamicTest(module + ": probes and ports", () -> probesAndPorts(module)),
                DynamicTest.dynamicTest(module + ": environment", () -> environment(module)),
                DynamicTest.dynamicTest(module + ": resources", () -> resources(module)),
                DynamicTest.dynamicTest(module + ": replicas", () -> replicas(module)),
                DynamicTest.dynamicTest(module + ": disruption budget", () -> disruptionBudget(module))));
    }

    @Test
    void everyTopicIsDeclaredOnceWithItsPartitions() {
        Map<String, Map<String, Object>> topics = new HashMap<>();
        for (String module : MODULES) {
            for (Map<String, Object> topic : resources(module, "KafkaTopic")) {
                String name = string(topic, "metadata", "name");
                assertThat("KafkaTopic " + name + " declared twice", topics.put(name, topic) == null, equalTo(true));
                assertThat(name + " partitions", number(topic, "spec", "partitions"), equalTo(12));
                assertThat(name + " cluster label", string(topic, "metadata", "labels", "strimzi.io/cluster"),
                        equalTo("poco-kafka"));
            }
        }
        Set<String> used = new TreeSet<>();
        for (EventType type : EventType.values()) {
            used.add(type.topic());
        }
        for (String module : MODULES) {
            Properties config = config(module);
            config.stringPropertyNames().stream()
                    .filter(key -> key.startsWith("mp.messaging.incoming.") && key.endsWith("topic"))
                    .map(config::getProperty)
                    .forEach(used::add);
        }
        assertThat("topics used by the services but not declared", new TreeSet<>(used).stream()
                .filter(topic -> !topics.containsKey(topic)).toList(), empty());
        assertThat("the route table is compacted", string(topics.get(EventType.CATALOG_ROUTE_CHANGED.topic()),
                "spec", "config", "cleanup.policy"), equalTo("compact"));
    }

    /**
     * The AsyncAPI document (events module) tells subscribers what the deployment does: each topic's
     * partitions, who consumes it in which group, and every dead-letter topic a consumer may write.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theEventContractAgreesWithTheDeployment() {
        Map<String, Object> contract = singleDocument("events/src/main/resources/asyncapi.yaml");
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) contract.get("channels");
        Map<String, Map<String, Object>> operations = (Map<String, Map<String, Object>>) contract.get("operations");
        for (Map.Entry<String, Map<String, Object>> channel : channels.entrySet()) {
            String address = string(channel.getValue(), "address");
            if (!address.contains("{")) {
                assertThat(address + " partitions", number(channel.getValue(), "bindings", "kafka", "partitions"),
                        equalTo(partitions(address)));
            }
        }
        Set<String> dlqTopics = new TreeSet<>();
        Set<String> dlqServices = new TreeSet<>();
        for (String module : MODULES) {
            Properties config = config(module);
            for (String key : config.stringPropertyNames()) {
                if (key.endsWith(".dead-letter-queue.topic")) {
                    String dlq = config.getProperty(key);
                    dlqTopics.add(dlq.substring(0, dlq.indexOf('.')));
                    dlqServices.add(dlq.substring(dlq.indexOf('.') + 1, dlq.lastIndexOf(".dlq")));
                }
            }
            for (String topic : consumedTopicsOfItsGroup(module)) {
                String channel = channels.entrySet().stream().filter(c -> topic.equals(c.getValue().get("address")))
                        .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no channel " + topic));
                boolean described = operations.values().stream().anyMatch(operation -> "receive".equals(operation.get("action"))
                        && ("#/channels/" + channel).equals(string(operation, "channel", "$ref"))
                        && groupOf(module).equals(string(operation, "bindings", "kafka", "groupId", "const")));
                assertThat(module + " receiving " + topic + " in its group is in the contract", described, equalTo(true));
            }
        }
        Map<String, Object> deadLetters = channels.get("deadLetters");
        assertThat("dead-letter topics", new TreeSet<>((List<String>) at(deadLetters, "parameters", "topic", "enum")),
                equalTo(dlqTopics));
        assertThat("dead-letter services", new TreeSet<>((List<String>) at(deadLetters, "parameters", "service", "enum")),
                equalTo(dlqServices));
    }

    /**
     * The API on the HTTP port, which the Service exposes; health and metrics on the management port
     * (9000), which the probes and Prometheus reach at the pod and the Service does not expose.
     */
    private void probesAndPorts(String module) {
        Map<String, Object> container = container(module);
        int port = Integer.parseInt(config(module).getProperty("quarkus.http.port"));
        Map<String, String> probes = Map.of("livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready",
                "startupProbe", "/q/health/started");
        probes.forEach((probe, path) -> {
            assertThat(module + " " + probe, container, hasKey(probe));
            assertThat(module + " " + probe + " path", string(container, probe, "httpGet", "path"), equalTo(path));
            assertThat(module + " " + probe + " port", number(container, probe, "httpGet", "port"), equalTo(MANAGEMENT_PORT));
        });
        Map<String, Integer> ports = new HashMap<>();
        list(container, "ports").forEach(p -> ports.put(string(p, "name"), number(p, "containerPort")));
        assertThat(module + " container ports", ports, equalTo(Map.of("http", port, "management", MANAGEMENT_PORT)));
        Map<String, Object> service = resource(module, "Service");
        assertThat(module + " Service target ports", list(service, "spec", "ports").stream()
                .map(p -> number(p, "targetPort")).toList(), equalTo(List.of(port)));
        @SuppressWarnings("unchecked")
        Map<String, Object> annotations = (Map<String, Object>) at(deployment(module), "spec", "template", "metadata",
                "annotations");
        assertThat(module + " scraped", annotations.get("prometheus.io/path"), equalTo("/q/metrics"));
        assertThat(module + " scraped on", annotations.get("prometheus.io/port"), equalTo(Integer.toString(MANAGEMENT_PORT)));
        List<Map<String, Object>> monitors = resources(module, "ServiceMonitor");
        assertThat(module + " ServiceMonitor", monitors.size(), equalTo(1));
        assertThat(module + " ServiceMonitor scrapes", number(list(monitors.get(0), "spec", "endpoints").get(0), "targetPort"),
                equalTo(MANAGEMENT_PORT));
    }

    private void environment(String module) throws IOException {
        Map<String, Map<String, Object>> env = new HashMap<>();
        for (Map<String, Object> variable : list(container(module), "env")) {
            env.put(string(variable, "name"), variable);
        }
        Set<String> read = variablesRead(module);
        assertThat(module + ": variables it reads that are not set", read.stream().filter(v -> !env.containsKey(v)).toList(),
                empty());
        Set<String> explained = new HashSet<>(read);
        explained.addAll(NOT_READ_BY_CONFIG);
        explained.addAll(propertiesAsVariables(module));
        assertThat(module + ": variables set that it never reads", env.keySet().stream()
                .filter(v -> !explained.contains(v)).toList(), empty());

        String deployDoc = Files.readString(ROOT.resolve("docs/deploy.md"));
        for (Map<String, Object> variable : env.values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> from = (Map<String, Object>) variable.get("valueFrom");
            if (from != null && from.containsKey("configMapKeyRef")) {
                assertThat(module + " ConfigMap of " + variable.get("name"), string(from, "configMapKeyRef", "name"),
                        equalTo(string(platform, "metadata", "name")));
                assertThat(module + " ConfigMap key of " + variable.get("name"), map(platform, "data"),
                        hasKey(string(from, "configMapKeyRef", "key")));
            } else if (from != null && from.containsKey("secretKeyRef")) {
                String secret = string(from, "secretKeyRef", "name");
                assertThat(module + ": docs/deploy.md says how to create " + secret, deployDoc, containsString(secret));
                assertThat(module + ": docs/deploy.md names the key of " + secret, deployDoc,
                        containsString(string(from, "secretKeyRef", "key") + "="));
            }
        }
        String keyFile = string(env.get("POCO_JWT_PUBLIC_KEY"), "value");
        Map<String, Object> mount = list(container(module), "volumeMounts").stream()
                .filter(m -> keyFile.startsWith(string(m, "mountPath") + "/")).findFirst().orElse(null);
        assertThat(module + ": the token key file is on a mounted volume", mount, notNullValue());
        Map<String, Object> volume = list(deployment(module), "spec", "template", "spec", "volumes").stream()
                .filter(v -> string(v, "name").equals(string(mount, "name"))).findFirst().orElseThrow();
        assertThat(module + ": the token key's Secret", string(volume, "secret", "secretName"), equalTo("poco-jwt"));
        assertThat(module + ": docs/deploy.md says how to create poco-jwt", deployDoc, containsString("poco-jwt"));

        if (module.equals("redirect-gateway")) {
            upstreamsPointAtTheirServices(env);
        }
    }

    /** Each API prefix is forwarded to the Service of the module that listens for it, on that Service's port. */
    private void upstreamsPointAtTheirServices(Map<String, Map<String, Object>> env) {
        Properties gateway = config("redirect-gateway");
        List<String> upstreams = gateway.stringPropertyNames().stream().filter(k -> k.startsWith("gateway.services.")).toList();
        assertThat(upstreams.size(), greaterThan(0));
        for (String key : upstreams) {
            String variable = asVariable(key);
            assertThat(key + " as " + variable, env, hasKey(variable));
            Matcher url = Pattern.compile("http://([a-z-]+)(?::(\\d+))?").matcher(string(env.get(variable), "value"));
            assertThat(key, url.matches(), equalTo(true));
            String target = url.group(1);
            assertThat(key + " names a service module", target, in(MODULES));
            int port = url.group(2) == null ? 80 : Integer.parseInt(url.group(2));
            assertThat(key + " port", number(list(resource(target, "Service"), "spec", "ports").get(0), "port"),
                    equalTo(port));
            // and the local default points at the same module's own port
            String local = gateway.getProperty(key);
            assertThat(key + " default", local, equalTo("http://127.0.0.1:" + config(target).getProperty("quarkus.http.port")));
        }
    }

    private void resources(String module) throws IOException {
        Map<String, Object> resources = map(container(module), "resources");
        long limit = bytes(string(resources, "limits", "memory"));
        assertThat(module + " memory request", bytes(string(resources, "requests", "memory")), lessThanOrEqualTo(limit));
        assertThat(module + " CPU request (the autoscalers' utilization is relative to it)",
                string(resources, "requests", "cpu"), notNullValue());
        String javaOpts = list(container(module), "env").stream()
                .filter(v -> string(v, "name").equals("JAVA_OPTS")).map(v -> string(v, "value")).findFirst().orElse(null);
        assertThat(module + " JAVA_OPTS", javaOpts, notNullValue());
        Matcher heap = Pattern.compile("-Xmx(\\d+[kmgKMG])").matcher(javaOpts);
        assertThat(module + " sets its heap", heap.find(), equalTo(true));
        assertThat(module + " heap well inside the memory limit", bytes(heap.group(1)) * 3 / 2, lessThan(limit));
        assertThat("the image passes JAVA_OPTS to java", Files.readString(ROOT.resolve("docker/Dockerfile.jvm")),
                containsString("java $JAVA_OPTS"));
    }

    private void replicas(String module) {
        int replicas = number(deployment(module), "spec", "replicas");
        List<Map<String, Object>> scaledObjects = resources(module, "ScaledObject");
        List<Map<String, Object>> autoscalers = resources(module, "HorizontalPodAutoscaler");
        assertThat(module + " has one autoscaler", scaledObjects.size() + autoscalers.size(), equalTo(1));
        Set<String> consumed = consumedTopicsOfItsGroup(module);
        if (!consumed.isEmpty()) {
            assertThat(module + " consumes in a shared group, so it scales on lag (KEDA)", scaledObjects.size(), equalTo(1));
            Map<String, Object> scaled = scaledObjects.get(0);
            assertThat(string(scaled, "spec", "scaleTargetRef", "name"), equalTo(module));
            int min = number(scaled, "spec", "minReplicaCount");
            int max = number(scaled, "spec", "maxReplicaCount");
            assertThat(module + " min replicas", min, greaterThanOrEqualTo(1));
            assertThat(module + " replicas within the autoscaler's bounds", replicas, both(min, max));
            Set<String> triggered = new TreeSet<>();
            for (Map<String, Object> trigger : list(scaled, "spec", "triggers")) {
                if (!"kafka".equals(trigger.get("type"))) {
                    continue;
                }
                String topic = string(trigger, "metadata", "topic");
                triggered.add(topic);
                assertThat(module + " lag of its own group", string(trigger, "metadata", "consumerGroup"),
                        equalTo(groupOf(module)));
                assertThat(module + " broker", string(trigger, "metadata", "bootstrapServers"),
                        equalTo(string(platform, "data", "kafka.bootstrap.servers")));
                assertThat(module + ": never more instances than " + topic + " has partitions", max,
                        lessThanOrEqualTo(partitions(topic)));
            }
            assertThat(module + " scales on the lag of every topic it consumes", triggered, equalTo(consumed));
        } else {
            assertThat(module + " scales on CPU", autoscalers.size(), equalTo(1));
            Map<String, Object> hpa = autoscalers.get(0);
            assertThat(string(hpa, "spec", "scaleTargetRef", "name"), equalTo(module));
            int min = number(hpa, "spec", "minReplicas");
            assertThat(module + " min replicas", min, greaterThanOrEqualTo(1));
            assertThat(module + " replicas within the autoscaler's bounds", replicas,
                    both(min, number(hpa, "spec", "maxReplicas")));
        }
    }

    private void disruptionBudget(String module) {
        Map<String, Object> budget = resource(module, "PodDisruptionBudget");
        Map<String, Object> podLabels = map(deployment(module), "spec", "template", "metadata", "labels");
        Map<String, Object> selector = map(budget, "spec", "selector", "matchLabels");
        assertThat(module + " budget selects its pods", selector.entrySet(), everyItem(in(podLabels.entrySet())));
        assertThat(module + " budget lets a drain go on", number(budget, "spec", "maxUnavailable"), equalTo(1));
    }

    // ---- what the modules' configuration says

    /** Environment variables the service's runtime configuration refers to (build-time manifest settings aside). */
    private static Set<String> variablesRead(String module) {
        Set<String> read = new TreeSet<>();
        for (Properties config : configChain(module)) {
            for (String key : config.stringPropertyNames()) {
                if (key.startsWith("%") || key.startsWith("quarkus.kubernetes.") || key.startsWith("quarkus.container-image.")) {
                    continue;
                }
                Matcher m = ENV_REFERENCE.matcher(config.getProperty(key));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        return read;
    }

    /** The variables that override one of the module's own properties (e.g. GATEWAY_SERVICES_ACCOUNTS). */
    private static Set<String> propertiesAsVariables(String module) {
        Set<String> names = new TreeSet<>();
        config(module).stringPropertyNames().forEach(key -> names.add(asVariable(key)));
        return names;
    }

    private static String asVariable(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    /** The topics the module consumes in its shared consumer group (not a group per instance). */
    private static Set<String> consumedTopicsOfItsGroup(String module) {
        Properties config = config(module);
        Set<String> topics = new TreeSet<>();
        for (String key : config.stringPropertyNames()) {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic") && !key.contains("dead-letter-queue")) {
                String channel = key.substring(0, key.length() - ".topic".length());
                String group = config.getProperty(channel + ".group.id");
                if (group == null || !group.contains("${quarkus.uuid}")) {
                    topics.add(config.getProperty(key));
                }
            }
        }
        return topics;
    }

    /** SmallRye's Kafka connector defaults a consumer's group.id to the application name. */
    private static String groupOf(String module) {
        return config(module).getProperty("quarkus.application.name");
    }

    private int partitions(String topic) {
        return MODULES.stream().flatMap(m -> resources(m, "KafkaTopic").stream())
                .filter(t -> string(t, "metadata", "name").equals(topic))
                .map(t -> number(t, "spec", "partitions")).findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaTopic " + topic));
    }

    private static List<Properties> configChain(String module) {
        List<Properties> chain = new ArrayList<>();
        chain.add(load(WEB_CONFIG));
        if (!module.equals("redirect-gateway")) {
            chain.add(load(PLATFORM_CONFIG));
            chain.add(load(MESSAGING_CONFIG));
        }
        chain.add(config(module));
        return chain;
    }

    private static Properties config(String module) {
        return ProjectModules.config(module);
    }

    private static Properties load(Path file) {
        return ProjectModules.properties(file);
    }

    // ---- the generated manifests

    private Map<String, Object> deployment(String module) {
        return resource(module, "Deployment");
    }

    private Map<String, Object> container(String module) {
        List<Map<String, Object>> containers = list(deployment(module), "spec", "template", "spec", "containers");
        assertThat(module + " containers", containers.size(), equalTo(1));
        return containers.get(0);
    }

    private Map<String, Object> resource(String module, String kind) {
        List<Map<String, Object>> found = resources(module, kind);
        assertThat(module + ": one " + kind, found.size(), equalTo(1));
        return found.get(0);
    }

    private List<Map<String, Object>> resources(String module, String kind) {
        return manifests.computeIfAbsent(module, KubernetesManifestsTest::generated).stream()
                .filter(r -> kind.equals(r.get("kind"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> generated(String module) {
        Path file = ROOT.resolve(module).resolve("target/kubernetes/kubernetes.yml");
        assertThat(file + " is written by `./mvnw package` (quarkus-kubernetes)", Files.exists(file), equalTo(true));
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file)) {
            for (Object document : new Yaml().loadAll(in)) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> singleDocument(String path) {
        try (Reader in = Files.newBufferedReader(ROOT.resolve(path))) {
            return (Map<String, Object>) new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- reading YAML trees

    private static Object at(Map<String, Object> tree, String... path) {
        Object node = tree;
        for (String step : path) {
            assertThat("no " + String.join(".", path), node, notNullValue());
            node = ((Map<?, ?>) node).get(step);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> tree, String... path) {
        Object node = at(tree, path);
        assertThat(String.join(".", path), node, notNullValue());
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> tree, String... path) {
        Object node = at(tree, path);
        return node == null ? List.of() : (List<Map<String, Object>>) node;
    }

    private static String string(Map<String, Object> tree, String... path) {
        Object node = at(tree, path);
        return node == null ? null : String.valueOf(node);
    }

    private static int number(Map<String, Object> tree, String... path) {
        Object node = at(tree, path);
        assertThat(String.join(".", path), node, notNullValue());
        return node instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(node));
    }

    private static org.hamcrest.Matcher<Integer> both(int min, int max) {
        return org.hamcrest.Matchers.both(greaterThanOrEqualTo(min)).and(lessThanOrEqualTo(max));
    }

    /** A Kubernetes quantity (512Mi, 1Gi) or a JVM size (384m, 1g) in bytes. */
    static long bytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)([KMGkmg])i?").matcher(quantity);
        assertThat("a size: " + quantity, m.matches(), equalTo(true));
        int shift = switch (Character.toUpperCase(m.group(2).charAt(0))) {
            case 'K' -> 10;
            case 'M' -> 20;
            default -> 30;
        };
        return Long.parseLong(m.group(1)) << shift;
    }
}
