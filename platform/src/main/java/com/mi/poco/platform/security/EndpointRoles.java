package com.mi.poco.platform.security;

import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who may call which path, read once from the service's own resource annotations ({@code @Path},
 * {@code @RolesAllowed}, {@code @PermitAll}), so that {@link AuthenticationFirst} can refuse a caller
 * before the request is matched to a method (where a wrong media type would be a 415 and a wrong
 * method a 405). The annotations stay the one place the rules are written, and they are still checked
 * again on the matched method.
 *
 * <p>A request is judged by the endpoints whose path template matches its path: those with its method
 * when there are any, otherwise the protected ones among them (a customer asking an ops-only path with
 * an unsupported method gets 403, not 405, even where reading the path is public). A path no endpoint
 * matches is a 401 without a token and is left to the router (404) with one.
 */
final class EndpointRoles {

    /** What a caller needs for one endpoint. */
    enum Need { ANYONE, ANY_ROLE_OF, AUTHENTICATED }

    record Endpoint(String method, Pattern path, Need need, Set<String> roles) {

        boolean admits(SecurityIdentity identity) {
            return switch (need) {
                case ANYONE -> true;
                case AUTHENTICATED -> !identity.isAnonymous();
                case ANY_ROLE_OF -> roles.stream().anyMatch(identity::hasRole);
            };
        }
    }

    /** What the endpoints matching a request say of a caller. */
    enum Verdict { PASS, UNAUTHENTICATED, FORBIDDEN }

    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");

    private final List<Endpoint> endpoints;

    EndpointRoles(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /** The endpoints of every resource bean of this application. */
    static EndpointRoles ofResources() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> resource = bean.getBeanClass();
            Path root = resource.getAnnotation(Path.class);
            if (root != null) {
                endpoints.addAll(endpointsOf(resource, root.value()));
            }
        }
        return new EndpointRoles(endpoints);
    }

    static List<Endpoint> endpointsOf(Class<?> resource, String root) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Method method : resource.getMethods()) {
            String httpMethod = httpMethod(method);
            if (httpMethod == null) {
                continue; // a sub-resource locator or not an endpoint; the platform has none of the former
            }
            Path sub = method.getAnnotation(Path.class);
            Pattern path = pattern(root + "/" + (sub == null ? "" : sub.value()));
            AnnotatedElement rules = declaresAccess(method) ? method
                    : declaresAccess(method.getDeclaringClass()) ? method.getDeclaringClass() : resource;
            endpoints.add(endpoint(httpMethod, path, rules));
        }
        return endpoints;
    }

    Verdict judge(String method, String path, SecurityIdentity identity) {
        List<Endpoint> matching = endpoints.stream().filter(e -> e.path().matcher(path).matches()).toList();
        String asked = HttpMethod.HEAD.equals(method) ? HttpMethod.GET : method;
        List<Endpoint> sameMethod = matching.stream().filter(e -> e.method().equals(asked)).toList();
        List<Endpoint> protectedOnes = matching.stream().filter(e -> e.need() != Need.ANYONE).toList();
        List<Endpoint> judges = !sameMethod.isEmpty() ? sameMethod : !protectedOnes.isEmpty() ? protectedOnes : matching;
        if (judges.stream().anyMatch(e -> e.admits(identity))) {
            return Verdict.PASS;
        }
        return identity.isAnonymous() ? Verdict.UNAUTHENTICATED : judges.isEmpty() ? Verdict.PASS : Verdict.FORBIDDEN;
    }

    private static Endpoint endpoint(String method, Pattern path, AnnotatedElement rules) {
        if (rules.isAnnotationPresent(PermitAll.class)) {
            return new Endpoint(method, path, Need.ANYONE, Set.of());
        }
        RolesAllowed roles = rules.getAnnotation(RolesAllowed.class);
        return roles == null ? new Endpoint(method, path, Need.AUTHENTICATED, Set.of())
                : new Endpoint(method, path, Need.ANY_ROLE_OF, Set.of(roles.value()));
    }

    private static boolean declaresAccess(AnnotatedElement element) {
        return element.isAnnotationPresent(PermitAll.class) || element.isAnnotationPresent(RolesAllowed.class);
    }

    private static String httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations()).map(Annotation::annotationType)
                .map(type -> type.getAnnotation(HttpMethod.class)).filter(java.util.Objects::nonNull)
                .map(HttpMethod::value).findFirst().orElse(null);
    }

    /** A JAX-RS path template as a pattern over a request path: {@code {id}} is one segment, {@code {id: re}} is {@code re}. */
    static Pattern pattern(String template) {
        String path = ("/" + template).replaceAll("/+", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        StringBuilder regex = new StringBuilder();
        Matcher parameter = TEMPLATE_PARAMETER.matcher(path);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(path.substring(last, parameter.start())));
            regex.append('(').append(parameter.group(1) == null ? "[^/]+" : parameter.group(1).trim()).append(')');
            last = parameter.end();
        }
        regex.append(Pattern.quote(path.substring(last))).append("/?");
        return Pattern.compile(regex.toString());
    }
}
