package io.custodia.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The people, pipelines and fields a page needs to show names instead of ids, read through the API. */
@Component
class Directory {
    private final ConsoleApi api;

    Directory(ConsoleApi api) {
        this.api = api;
    }

    /** Every user of the workspace, a page of 200 at a time; read once per page drawn. */
    @SuppressWarnings("unchecked")
    List<Json> users() {
        var request = org.springframework.web.context.request.RequestContextHolder.currentRequestAttributes();
        Object known =
                request.getAttribute(USERS, org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
        if (known != null) {
            return (List<Json>) known;
        }
        List<Json> all = readUsers();
        request.setAttribute(USERS, all, org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
        return all;
    }

    private static final String USERS = Directory.class.getName() + ".users";

    private List<Json> readUsers() {
        List<Json> all = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Json page = api.get("/api/v1/users", ConsoleApi.query("limit", 200, "cursor", cursor));
            all.addAll(page.items());
            cursor = page.s("nextCursor");
        } while (!cursor.isEmpty());
        return all;
    }

    /** User id to name. */
    Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        for (Json user : users()) {
            names.put(user.s("id"), user.s("name"));
        }
        return names;
    }

    List<Json> pipelines() {
        return api.get("/api/v1/pipelines").items();
    }

    /** Stage id to stage name, across every pipeline. */
    Map<String, String> stageNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (Json pipeline : pipelines()) {
            for (Json stage : pipeline.list("stages")) {
                names.put(stage.s("id"), stage.s("name"));
            }
        }
        return names;
    }

    /** The custom fields defined for one entity ({@code deal}, {@code contact}, ...). */
    List<Json> fields(String entity) {
        return api.get("/api/v1/fields").items().stream()
                .filter(f -> f.s("entity").equals(entity))
                .toList();
    }

    List<Json> departments() {
        return api.get("/api/v1/departments").items();
    }

    List<Json> teams() {
        return api.get("/api/v1/teams").items();
    }

    List<Json> roles() {
        return api.get("/api/v1/roles").items();
    }
}
