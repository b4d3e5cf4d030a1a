package io.custodia.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The filters a list was asked with, to keep them in the form and the paging links. */
public record ListFilters(String q, String ownerId, String stageId, boolean paged) {
    public String query() {
        StringBuilder s = new StringBuilder();
        append(s, "q", q);
        append(s, "ownerId", ownerId);
        append(s, "stageId", stageId);
        return s.toString();
    }

    private static void append(StringBuilder s, String key, String value) {
        if (value != null && !value.isBlank()) {
            s.append('&').append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
