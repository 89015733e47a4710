package com.mi.poco.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * The complete personal-data export of a Mi account (privacy law: access and portability):
 * account-service's document (profile, orders with logistics, feedback) joined with the account's
 * points (loyalty-service), its Mi coupons and what became of each POCO coupon (coupon-service, both
 * in one answer), fetched in parallel with the caller's own headers, so each service still decides
 * who may read what.
 */
@ApplicationScoped
public class PersonalDataJoin {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Upstreams upstreams;

    public PersonalDataJoin(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    void register(@Observes Router router) {
        // After the legacy hosts and the limiter, before the generic /api/* forwarding (ApiForwarding).
        router.get("/api/accounts/mi/:miAccountId/poco-data").order(Integer.MIN_VALUE + 2).handler(this::export);
    }

    private void export(RoutingContext context) {
        String id = context.pathParam("miAccountId");
        String path = context.request().path();
        if (!ACCOUNT_ID.matcher(id).matches()) {
            Problems.send(context.response(), 404, "mi-account-not-found", "Not found", "No Mi account with id " + id, path);
            return;
        }
        MultiMap headers = context.request().headers();
        Future<Upstreams.Answer> account = upstreams.get("accounts", "/api/accounts/mi/" + id + "/poco-data", headers);
        Future<Upstreams.Answer> points = upstreams.get("loyalty", "/api/loyalty/accounts/mi/" + id, headers);
        Future<Upstreams.Answer> coupons = upstreams.get("coupons", "/api/coupons/mi/" + id + "/poco-data", headers);
        Future.join(account, points, coupons).onComplete(done -> {
            String down = account.failed() ? "accounts" : points.failed() ? "loyalty" : coupons.failed() ? "coupons" : null;
            if (down != null) {
                Problems.unavailable(context.response(), down, path);
                return;
            }
            Upstreams.Answer profile = account.result();
            for (Upstreams.Answer part : new Upstreams.Answer[] {profile, points.result(), coupons.result()}) {
                if (part.status() != 200 && part.status() != 404 || part == profile && part.status() != 200) {
                    // a refusal or failure of a service is the answer, as that service gave it
                    context.response().setStatusCode(part.status())
                            .putHeader("Content-Type", "application/problem+json").end(part.body());
                    return;
                }
            }
            Buffer document = Buffer.buffer(profile.body().length() + points.result().body().length()
                    + coupons.result().body().length() + 64);
            boolean whole = appendObjectOpen(document, profile.body())
                    && appendMember(document, "points", points.result(), "{\"miAccountId\":\"" + id
                            + "\",\"balance\":0,\"entries\":[]}")
                    && appendMembers(document, coupons.result(), ",\"coupons\":[],\"pocoCoupons\":[]");
            if (!whole) {
                Problems.send(context.response(), 502, "bad-gateway", "Bad Gateway",
                        "A service's part of the export was not the JSON it should be; try again", path);
                return;
            }
            // as every service answers a request with a token (PrivateAnswers): the caller's own, kept by no cache
            context.response().putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .end(document.appendByte((byte) '}'));
        });
    }

    /*
     * The document is spliced, not parsed and written anew: account-service's part is the larger one and
     * the gateway has no use for what is in it. Each part must still be the JSON value it stands for, as
     * far as its first and last bytes tell: no service of ours writes another, so one that is not was
     * garbled on its way (a 502), never passed on as the customer's data.
     */

    /** Appends {@code object}, a non-empty JSON object, without its closing brace; false if it is not one. */
    private static boolean appendObjectOpen(Buffer document, Buffer object) {
        int last = membersEnd(object);
        if (last < 0) {
            return false;
        }
        document.appendBuffer(object, 0, last);
        return true;
    }

    /**
     * Appends {@code ,"name":} and the part's body (a JSON object), or {@code absent} where the service
     * has no such part for the account (404); false if the body is not an object.
     */
    private static boolean appendMember(Buffer document, String name, Upstreams.Answer part, String absent) {
        document.appendString(",\"" + name + "\":");
        if (part.status() == 404) {
            document.appendString(absent);
            return true;
        }
        int last = objectEnd(part.body());
        if (last < 0) {
            return false;
        }
        document.appendBuffer(part.body(), 0, last + 1);
        return true;
    }

    /**
     * Appends the members of the part's body (a non-empty JSON object), each after a comma, or
     * {@code absent} (members, each after a comma) where the service has no such part for the account
     * (404); false if the body is not a non-empty object.
     */
    private static boolean appendMembers(Buffer document, Upstreams.Answer part, String absent) {
        if (part.status() == 404) {
            document.appendString(absent);
            return true;
        }
        int last = membersEnd(part.body());
        if (last < 0) {
            return false;
        }
        document.appendByte((byte) ',').appendBuffer(part.body(), 1, last - 1);
        return true;
    }

    /**
     * Where {@code json}, a JSON object, ends: the index of its closing brace (trailing blanks aside);
     * -1 if it does not begin and end as an object.
     */
    private static int objectEnd(Buffer json) {
        int last = lastNonBlank(json);
        return last >= 0 && json.getByte(0) == '{' && json.getByte(last) == '}' ? last : -1;
    }

    /** As {@link #objectEnd}, and -1 for an empty object too: members spliced after its own follow a comma. */
    private static int membersEnd(Buffer json) {
        int last = objectEnd(json);
        return last < 0 || lastNonBlank(json.slice(0, last)) == 0 ? -1 : last;
    }

    private static int lastNonBlank(Buffer json) {
        int last = json.length() - 1;
        while (last >= 0 && Character.isWhitespace(json.getByte(last))) {
            last--;
        }
        return last;
    }
}
