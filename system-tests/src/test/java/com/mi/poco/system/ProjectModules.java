package com.mi.poco.system;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository as the deployment tests read it: its service modules (those of the root pom with an
 * {@code application.properties}) and each one's configuration, read once.
 */
final class ProjectModules {

    static final Path ROOT = Path.of(System.getProperty("poco.project.root", ".."));
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Map<Path, Properties> LOADED = new ConcurrentHashMap<>();

    /** The service modules, in the root pom's order. */
    static List<String> services() {
        Matcher m = MODULE.matcher(read(Path.of("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            if (Files.exists(ROOT.resolve(m.group(1)).resolve("src/main/resources/application.properties"))) {
                modules.add(m.group(1));
            }
        }
        return modules;
    }

    /** A module's own application.properties. */
    static Properties config(String module) {
        return properties(Path.of(module, "src/main/resources/application.properties"));
    }

    /** A properties file of the repository (the same instance each time: read it, do not change it). */
    static Properties properties(Path file) {
        return LOADED.computeIfAbsent(file, f -> {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(ROOT.resolve(f))) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return properties;
        });
    }

    static String read(Path file) {
        try {
            return Files.readString(ROOT.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProjectModules() {
    }
}
