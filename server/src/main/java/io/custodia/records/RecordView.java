package io.custodia.records;

import io.custodia.platform.IsoTimestamps;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * A record as a reader may see it ({@link RecordViews#view}), an ordered map of its answer's keys,
 * written to JSON directly: a page writes fifty of them, and Jackson's general map writing (a
 * serializer looked up per value, per key) was most of a list page's JSON time (issue #26). The
 * text is what Jackson writes for the same map; {@code ListAnswersUnchangedTest} holds the answers
 * to what they were before.
 */
final class RecordView extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    /** The serializer, registered with the application's JSON mapper. */
    @Configuration(proxyBeanMethods = false)
    static class Json {
        @Bean
        JsonMapperBuilderCustomizer recordViewsWrittenDirectly() {
            return builder ->
                    builder.addModule(new SimpleModule("record-views").addSerializer(RecordView.class, new Writer()));
        }
    }

    static final class Writer extends ValueSerializer<RecordView> {
        @Override
        public void serialize(RecordView view, JsonGenerator gen, SerializationContext ctxt) {
            object(view, gen, ctxt);
        }

        private static void object(Map<?, ?> map, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeStartObject(map);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                gen.writeName(entry.getKey().toString());
                value(entry.getValue(), gen, ctxt);
            }
            gen.writeEndObject();
        }

        /** The common values directly; any other (numbers of every kind) as Jackson writes it. */
        private static void value(Object value, JsonGenerator gen, SerializationContext ctxt) {
            if (value == null) {
                gen.writeNull();
            } else if (value instanceof String text) {
                gen.writeString(text);
            } else if (value instanceof UUID id) {
                gen.writeString(id.toString());
            } else if (value instanceof Boolean flag) {
                gen.writeBoolean(flag);
            } else if (value instanceof OffsetDateTime at) {
                gen.writeString(IsoTimestamps.format(at));
            } else if (value instanceof Map<?, ?> map) {
                object(map, gen, ctxt);
            } else if (value instanceof List<?> list) {
                gen.writeStartArray(list, list.size());
                for (Object item : list) {
                    value(item, gen, ctxt);
                }
                gen.writeEndArray();
            } else {
                ctxt.writeValue(gen, value);
            }
        }
    }
}
