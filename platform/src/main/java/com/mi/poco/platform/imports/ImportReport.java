package com.mi.poco.platform.imports;

import java.util.List;

/** The answer to an import: how many lines were accepted, already there, or rejected and why. */
public record ImportReport(long accepted, long duplicates, long rejected, List<Rejection> rejections) {

    /** A line that was not imported; {@code line} counts from 1 in the file as sent. */
    public record Rejection(long line, String reason) {
    }
}
