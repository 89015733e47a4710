package com.mi.poco.platform.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * An answer to a request that carried a token is that caller's (their POCO data, an ops report): no
 * cache, private or shared, keeps it ({@code Cache-Control: no-store}), unless the resource said
 * otherwise. An anonymous request's answer (the public catalog) is left cacheable. No answer is to be
 * sniffed into another media type.
 */
public class PrivateAnswers {

    @ServerResponseFilter
    public void markPrivate(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("X-Content-Type-Options", "nosniff");
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) != null && !headers.containsKey(HttpHeaders.CACHE_CONTROL)) {
            headers.putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }
}
