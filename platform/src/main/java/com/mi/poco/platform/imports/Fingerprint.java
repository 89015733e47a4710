package com.mi.poco.platform.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a parsed record as JSON: the same id with the same fingerprint is a duplicate, with
 * another a conflict. Parsing first makes key order, spacing and unknown fields not matter.
 */
public final class Fingerprint {

    public static String of(Object record, ObjectMapper json) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(json.writeValueAsString(record).getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint " + record.getClass().getSimpleName(), e);
        }
    }

    private Fingerprint() {
    }
}
