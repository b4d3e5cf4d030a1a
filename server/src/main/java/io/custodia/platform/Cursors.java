package io.custodia.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Keyset paging: a cursor is the opaque, URL-safe form of the last row's sort key. A cursor that
 * cannot be read answers 400, never a 500.
 */
public final class Cursors {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private Cursors() {}

    public static String encode(String... parts) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of a cursor, checked to be {@code count} long. */
    public static List<String> decode(String cursor, int count) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> parts = List.of(text.split("\n", -1));
            if (parts.size() != count) {
                throw new IllegalArgumentException();
            }
            return parts;
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the cursor is not one this server gave out");
        }
    }

    /** The page size, 1 to 200, 50 when absent. */
    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiProblem(
                    org.springframework.http.HttpStatus.BAD_REQUEST,
                    "Bad request",
                    "limit must be between 1 and " + MAX_LIMIT,
                    List.of(new ApiProblem.FieldError("limit", "between 1 and " + MAX_LIMIT)));
        }
        return limit;
    }

    /** A keyset position by time and id, the sort key of most lists here. */
    public record TimeAndId(java.time.OffsetDateTime at, java.util.UUID id) {
        /** The position a cursor names, null for none; 400 for a cursor this server did not give out. */
        public static TimeAndId parse(String cursor) {
            if (cursor == null) {
                return null;
            }
            List<String> parts = decode(cursor, 2);
            try {
                return new TimeAndId(
                        java.time.OffsetDateTime.parse(parts.get(0)), java.util.UUID.fromString(parts.get(1)));
            } catch (RuntimeException e) {
                throw ApiProblem.badRequest("the cursor is not one this server gave out");
            }
        }

        public String encode() {
            return Cursors.encode(at.toString(), id.toString());
        }
    }

    /** A page of items and the cursor of the next one (null on the last page). */
    public record Page<T>(
            List<T> items,
            @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {}
}
