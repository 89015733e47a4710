package com.mi.poco.events;

/**
 * CloudEvents 1.0 in Kafka binary mode: attributes travel as {@code ce_*} headers, the value is the
 * JSON payload. {@code ce_id} is set once by the producer (the outbox row's id) and kept on every
 * re-send, so consumers deduplicate on it.
 */
public final class CloudEvents {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String SPECVERSION = "ce_specversion";
    public static final String CONTENT_TYPE_HEADER = "content-type";

    /** The {@code ce_source} of a service: a URI reference naming the producer. */
    public static String source(String service) {
        return "/poco-migration/" + service;
    }

    private CloudEvents() {
    }
}
