package io.custodia.reliability;

import io.custodia.Api;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import tools.jackson.databind.JsonNode;

/**
 * Every read that shows stored values to someone: each list endpoint of the API (those without an
 * id in their path, every record type), every page of it, as each reader of the fuzzed workspace,
 * and a simulation for each reader (which counts records through the reader's scopes). Taken
 * before and after the fuzz: a read that answered 2xx before must still, and none may answer 5xx.
 */
final class StoredValueReads {
    private static final int MAX_PAGES = 40;

    private final FuzzedWorkspace w;
    private final Api api;
    private final List<String> lists = new ArrayList<>();

    StoredValueReads(FuzzedWorkspace w, Api api, Map<RequestMappingInfo, HandlerMethod> mappings) {
        this.w = w;
        this.api = api;
        mappings.forEach((info, handler) -> {
            boolean get = info.getMethodsCondition().getMethods().stream()
                    .anyMatch(m -> m.name().equals("GET"));
            boolean stream = info.getProducesCondition().getProducibleMediaTypes().stream()
                    .anyMatch(m -> m.toString().equals("text/event-stream"));
            for (String pattern : info.getPatternValues()) {
                if (!get || stream || !pattern.startsWith("/api/")) {
                    continue;
                }
                if (pattern.contains("{type:")) {
                    String rest = pattern.replaceFirst("\\{type:[^}]+}", "");
                    if (!rest.contains("{")) {
                        String choices = pattern.replaceFirst(".*\\{type:([^}]+)}.*", "$1");
                        for (String type : choices.split("\\|")) {
                            lists.add(pattern.replaceFirst("\\{type:[^}]+}", type));
                        }
                    }
                } else if (!pattern.contains("{")) {
                    lists.add(pattern);
                }
            }
        });
        lists.sort(String::compareTo);
    }

    int endpoints() {
        return lists.size();
    }

    /** Reader and read to status: the statuses of every read now. */
    Map<String, Integer> take() {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        w.readers.forEach((reader, token) -> {
            for (String list : lists) {
                statuses.put(reader + " GET " + list, everyPage(list, token));
            }
            String userId = api.get("/api/v1/me", token).json().get("id").asString();
            statuses.put(
                    reader + " simulate",
                    api.post(
                                    "/api/v1/access/simulate",
                                    w.tenant.adminToken(),
                                    Map.of("userId", userId, "changes", List.of()))
                            .status());
        });
        return statuses;
    }

    /** The worst status of the list's pages (the first that is not 2xx, or 200). */
    private int everyPage(String list, String token) {
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String path = list + "?limit=200"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            Api.Response response = api.get(path, token);
            if (response.status() / 100 != 2) {
                return response.status();
            }
            String type = response.contentType();
            if (type == null || !type.startsWith("application/json")) {
                return response.status();
            }
            JsonNode next = response.json().get("nextCursor");
            if (next == null || next.isNull()) {
                return response.status();
            }
            cursor = next.asString();
        }
        return 200;
    }

    /** The reads that answer 5xx now, or 2xx before and not now. */
    static List<String> broken(Map<String, Integer> before, Map<String, Integer> after) {
        List<String> broken = new ArrayList<>();
        after.forEach((read, status) -> {
            Integer earlier = before.get(read);
            if (status >= 500 || (earlier != null && earlier / 100 == 2 && status / 100 != 2)) {
                broken.add(read + ": " + earlier + " before, " + status + " after");
            }
        });
        return broken;
    }
}
