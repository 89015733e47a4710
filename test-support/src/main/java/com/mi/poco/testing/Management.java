package com.mi.poco.testing;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import java.net.URI;

/**
 * The management interface of the application under test: health and metrics on a port of their own,
 * apart from the API's (random in tests, like the HTTP port).
 */
public final class Management {

    /** The URL of {@code path} ({@code /q/health/ready}, {@code /q/metrics}) on the management port. */
    public static String url(String path) {
        // the management root, http://localhost:<port>/q: an absolute path replaces it
        return URI.create(TestHTTPResourceManager.getManagementUri()).resolve(path).toString();
    }

    private Management() {
    }
}
