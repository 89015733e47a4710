package com.mi.poco.platform.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.mi.poco.platform.problem.JsonFields;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Every JSON string read into a request body or an imported line (the importer copies this mapper) is text
 * a service can store ({@link StorableText}: no NUL, no lone surrogate), else it is an invalid value of its
 * field: a 400 problem for an API call, a rejected line naming the field for an import.
 */
@Singleton
public class StorableJsonStrings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("storable-strings").addDeserializer(String.class, new StorableStrings()));
    }

    private static final class StorableStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            String refusal = text == null ? null : StorableText.refusal(text);
            if (refusal != null) {
                throw new JsonFields.RefusedValue(parser, refusal, String.class);
            }
            return text;
        }
    }
}
