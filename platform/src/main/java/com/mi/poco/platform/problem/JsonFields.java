package com.mi.poco.platform.problem;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.stream.Collectors;

/** Which field of a JSON document a value of the wrong type or shape was in, as a client names it. */
public final class JsonFields {

    /** {@code items.[0].sku: }, or nothing for the document itself. */
    public static String prefix(MismatchedInputException wrongShape) {
        String field = wrongShape.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return field.isEmpty() ? "" : field + ": ";
    }

    private JsonFields() {
    }
}
