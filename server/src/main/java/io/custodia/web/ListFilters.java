package io.custodia.web;

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
            s.append('&')
                    .append(key)
                    .append('=')
                    .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
