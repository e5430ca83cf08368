package dev.subsync.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.subsync.json.Json;

/** How state is written to jsonb and read back: snake_case (the records say so), ISO-8601 instants. */
final class StateJson {

    static final ObjectMapper MAPPER = Json.MAPPER;

    private StateJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored state is not readable as " + type.getSimpleName(), e);
        }
    }
}
