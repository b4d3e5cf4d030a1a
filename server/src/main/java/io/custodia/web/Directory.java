package io.custodia.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** The people, pipelines and fields a page needs to show names instead of ids, read through the API. */
@Component
class Directory {
    private final ConsoleApi api;

    Directory(ConsoleApi api) {
        this.api = api;
    }

    /** Every user of the workspace, a page of 200 at a time. */
    List<Json> users() {
        return oncePerPage("users", () -> {
            List<Json> all = new ArrayList<>();
            String cursor = null;
            do {
                Json page = api.get("/api/v1/users", ConsoleApi.query("limit", 200, "cursor", cursor));
                all.addAll(page.items());
                cursor = page.s("nextCursor");
            } while (!cursor.isEmpty());
            return all;
        });
    }

    /**
     * What {@code read} answers, read once for the page being drawn: names, stages and fields
     * serve several parts of one page, and each is one call to the API.
     */
    @SuppressWarnings("unchecked")
    private <T> T oncePerPage(String what, Supplier<T> read) {
        var request = RequestContextHolder.currentRequestAttributes();
        int scope = RequestAttributes.SCOPE_REQUEST;
        String key = Directory.class.getName() + "." + what;
        Object known = request.getAttribute(key, scope);
        if (known == null) {
            known = read.get();
            request.setAttribute(key, known, scope);
        }
        return (T) known;
    }

    /** User id to name. */
    Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        for (Json user : users()) {
            names.put(user.s("id"), user.s("name"));
        }
        return names;
    }

    /**
     * The names of these users only (ids that name no user of the workspace are left out): a page
     * of records names its owners without reading every person of the workspace.
     */
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    Map<String, String> namesOf(Collection<String> ids) {
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> wanted = new TreeSet<>();
        for (String id : ids) {
            // Only ids: a filter's typed value that is none names nobody (and must not make the call fail).
            if (id != null && UUID_TEXT.matcher(id).matches()) {
                wanted.add(id);
            }
        }
        if (wanted.isEmpty()) {
            return names;
        }
        Json page = api.get("/api/v1/users", ConsoleApi.query("id", String.join(",", wanted), "limit", wanted.size()));
        for (Json user : page.items()) {
            names.put(user.s("id"), user.s("name"));
        }
        return names;
    }

    List<Json> pipelines() {
        return oncePerPage("pipelines", () -> api.get("/api/v1/pipelines").items());
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

    /** Every custom field of the workspace. */
    List<Json> fields() {
        return oncePerPage("fields", () -> api.get("/api/v1/fields").items());
    }

    /** The custom fields defined for one entity ({@code deal}, {@code contact}, ...). */
    List<Json> fields(String entity) {
        return fields().stream().filter(f -> f.s("entity").equals(entity)).toList();
    }

    List<Json> departments() {
        return api.get("/api/v1/departments").items();
    }

    List<Json> teams() {
        return api.get("/api/v1/teams").items();
    }

    /** Team names by id, for the inbox's team column. */
    Map<String, String> teamNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (Json team : teams()) {
            names.put(team.s("id"), team.s("name"));
        }
        return names;
    }

    List<Json> roles() {
        return api.get("/api/v1/roles").items();
    }
}
