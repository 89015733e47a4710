package com.mi.poco.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.path.json.JsonPath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's part of the migration verification as its kept totals answer it, checked against the
 * audit's recount of every row: the totals a service keeps must be what a recount finds, whatever wrote
 * the rows, or the verification that answers from them tells something other than the truth.
 */
public final class KeptVerification {

    private KeptVerification() {
    }

    /**
     * Asserts that, in the audit, each check's kept total and the kept digest equal the recount (one
     * snapshot: exactly, at any moment), and that the verification answered from the kept totals says
     * the same as the audit (two requests: once they agree, as background work such as a late sweep
     * may change the rows in between). Answers each check's failing count.
     *
     * @param path the verification's path, with its query parameters if any
     */
    public static Map<String, Integer> agreesWithTheAudit(String path) {
        String separator = path.contains("?") ? "&" : "?";
        Map<String, Integer> failing = new LinkedHashMap<>();
        await().atMost(Api.ASYNC).untilAsserted(() -> {
            JsonPath kept = given().get(path).then().statusCode(200).extract().jsonPath();
            JsonPath audit = given().get(path + separator + "audit=true").then().statusCode(200).extract().jsonPath();
            assertThat(kept.getBoolean("audit"), equalTo(false));
            assertThat(audit.getBoolean("audit"), equalTo(true));
            Map<String, Object> checks = audit.getMap("checks");
            assertThat(checks.isEmpty(), equalTo(false));
            failing.clear();
            for (String check : checks.keySet()) {
                int recounted = audit.getInt("checks." + check + ".failing");
                if (audit.get("checks." + check + ".kept") != null) {
                    assertThat(check + " kept total in the audit", audit.getInt("checks." + check + ".kept"), equalTo(recounted));
                    assertThat(check + " answered by", kept.getString("checks." + check + ".answeredBy"), equalTo("kept totals"));
                } else {
                    assertThat(check + " answered by", kept.getString("checks." + check + ".answeredBy"), startsWith("constraint "));
                }
                failing.put(check, recounted);
            }
            assertThat("kept digest in the audit", audit.getMap("keptDigest"), equalTo(audit.getMap("digest")));
            for (String check : checks.keySet()) {
                assertThat(check + " from kept totals", kept.getInt("checks." + check + ".failing"), equalTo(failing.get(check)));
            }
            assertThat("digest from kept totals", kept.getMap("digest"), equalTo(audit.getMap("digest")));
        });
        return failing;
    }
}
