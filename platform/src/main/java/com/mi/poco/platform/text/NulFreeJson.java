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
 * Every JSON string read into a request body or an imported line (the importer copies this mapper) is
 * free of NUL, else it is an invalid value of its field: a 400 problem for an API call, a rejected
 * line naming the field for an import.
 */
@Singleton
public class NulFreeJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("nul-free-strings").addDeserializer(String.class, new NulFreeStrings()));
    }

    private static final class NulFreeStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            if (text != null && text.indexOf('\0') >= 0) {
                throw new JsonFields.RefusedValue(parser, StorableText.NUL_REFUSED, String.class);
            }
            return text;
        }
    }
}
