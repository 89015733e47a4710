package com.mi.poco.coupon;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.KeptVerification;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The verification answers from totals the database keeps as coupons and Mi coupons are written, by the
 * service or not: a Mi coupon taken away or moved to another Mi account shows in them, as in a recount.
 */
@QuarkusTest
class VerificationTotalsTest {

    private static final String VERIFICATION = "/api/coupons/verification?listed=1000";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void aReissuedCouponsMiCouponTakenAwayOrMovedShowsInTheKeptTotals() throws SQLException {
        ReissuedCoupon removed = ReissuedCoupon.make(kafka);
        ReissuedCoupon moved = ReissuedCoupon.make(kafka);
        Map<String, Integer> before = KeptVerification.agreesWithTheAudit(VERIFICATION);
        try (Connection db = DriverManager.getConnection(
                ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class),
                System.getenv().getOrDefault("PGUSER", "postgres"), System.getenv().getOrDefault("PGPASSWORD", ""))) {
            execute(db, "CREATE TEMP TABLE taken AS SELECT * FROM mi_coupon WHERE code = ?", removed.miCode());
            execute(db, "DELETE FROM mi_coupon WHERE code = ?", removed.miCode());
            execute(db, "UPDATE mi_coupon SET mi_account_id = 'M-someone-else' WHERE code = ?", moved.miCode());
            try {
                Map<String, Integer> after = KeptVerification.agreesWithTheAudit(VERIFICATION);
                assertThat(after.get("reissuedWithoutMiCoupon"), equalTo(before.get("reissuedWithoutMiCoupon") + 1));
                assertThat(after.get("reissuedToAnotherMiAccount"), equalTo(before.get("reissuedToAnotherMiAccount") + 1));
                assertThat(after.get("reissuedMoreThanOnce"), equalTo(0));
                given().get(VERIFICATION).then().statusCode(200)
                        .body("checks.reissuedWithoutMiCoupon.accounts", hasItem(removed.poco()))
                        .body("checks.reissuedToAnotherMiAccount.accounts", hasItem(moved.poco()))
                        .body("checks.reissuedMoreThanOnce.answeredBy", equalTo("constraint mi_coupon_legacy_code_key"));
            } finally {
                execute(db, "INSERT INTO mi_coupon SELECT * FROM taken");
                execute(db, "UPDATE mi_coupon SET mi_account_id = ? WHERE code = ?", moved.mi(), moved.miCode());
            }
        }
        Map<String, Integer> restored = KeptVerification.agreesWithTheAudit(VERIFICATION);
        assertThat(restored.get("reissuedWithoutMiCoupon"), equalTo(before.get("reissuedWithoutMiCoupon")));
        assertThat(restored.get("reissuedToAnotherMiAccount"), equalTo(before.get("reissuedToAnotherMiAccount")));
    }

    private static void execute(Connection db, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
