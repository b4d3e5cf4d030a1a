package io.custodia.web;

import static io.custodia.web.ConsoleApi.query;

import io.custodia.platform.ConsolePage;
import io.custodia.policy.EntityType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The day's work: the records that stand alone (contacts, companies, deals), a record's page with its activity, and the board. */
@Controller
@ConsolePage
class WorkPages {
    private final ConsoleApi api;
    private final Directory directory;

    WorkPages(ConsoleApi api, Directory directory) {
        this.api = api;
        this.directory = directory;
    }

    @GetMapping("/")
    String home(Model model) {
        List<Json> unread = api.get("/api/v1/notifications").items().stream()
                .filter(n -> !n.bool("read"))
                .toList();
        model.addAttribute("unread", unread);
        model.addAttribute(
                "mine", api.get("/api/v1/conversations", query("tab", "mine")).items());
        return "home";
    }

    @GetMapping("/{kind:" + EntityType.STANDALONE_PATHS + "}")
    String list(
            @PathVariable String kind,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String ownerId,
            @RequestParam(required = false) String stageId,
            @RequestParam(required = false) String cursor,
            Model model) {
        RecordKind k = kind(kind);
        Json page = api.get(
                "/api/v1/" + k.path,
                query(
                        "q",
                        q,
                        "ownerId",
                        ownerId,
                        "stageId",
                        stageId,
                        "cursor",
                        cursor,
                        "sort",
                        "-updatedAt",
                        "limit",
                        25));
        model.addAttribute("kind", k);
        model.addAttribute("page", page);
        model.addAttribute("filters", new ListFilters(q, ownerId, stageId, cursor != null && !cursor.isBlank()));
        List<String> named = new ArrayList<>();
        page.items().forEach(r -> named.add(r.s("ownerId")));
        named.add(ownerId);
        model.addAttribute("names", directory.namesOf(named));
        model.addAttribute("pipelines", k.staged() ? directory.pipelines() : List.of());
        model.addAttribute("stages", directory.stageNames());
        return "records/list";
    }

    @PostMapping("/{kind:" + EntityType.STANDALONE_PATHS + "}")
    String create(
            @PathVariable String kind, @RequestParam MultiValueMap<String, String> form, RedirectAttributes redirect) {
        RecordKind k = kind(kind);
        Map<String, Object> inputs = inputs(form, numeric(k));
        inputs.values().removeIf(Objects::isNull);
        Map<String, Object> body = body(inputs);
        Json created = api.post("/api/v1/" + k.path, body);
        // Created for someone whose records the caller cannot read: the answer has no version to show.
        return Pages.saved(redirect, created.has("version") ? "/" + k.path + "/" + created.s("id") : "/" + k.path);
    }

    @GetMapping("/{kind:" + EntityType.STANDALONE_PATHS + "}/{id}")
    String record(@PathVariable String kind, @PathVariable String id, Model model) {
        RecordKind k = kind(kind);
        Json record = api.get("/api/v1/" + k.path + "/" + id);
        String parent = k.entity + "Id";
        model.addAttribute("kind", k);
        model.addAttribute("record", record);
        model.addAttribute("names", directory.names());
        model.addAttribute("customFields", directory.fields(k.entity));
        model.addAttribute("pipelines", k.staged() ? directory.pipelines() : List.of());
        model.addAttribute("stages", directory.stageNames());
        // The record's activities and notes, and whether the reader may add one (their page's can).
        Json activities = k.hasActivities()
                ? api.get("/api/v1/" + EntityType.ACTIVITY.path(), query(parent, id, "limit", 50))
                : null;
        Json notes = k.hasNotes() ? api.get("/api/v1/" + EntityType.NOTE.path(), query(parent, id, "limit", 50)) : null;
        model.addAttribute("activities", activities == null ? List.of() : activities.items());
        model.addAttribute(
                "logsActivities", activities != null && activities.get("can").bool("create"));
        model.addAttribute("notes", notes == null ? List.of() : notes.items());
        model.addAttribute("addsNotes", notes != null && notes.get("can").bool("create"));
        model.addAttribute(
                "comments",
                api.get("/api/v1/" + k.path + "/" + id + "/comments").items());
        model.addAttribute("shares", shares(k, id));
        return "records/record";
    }

    /** The record's shares, or none shown when the viewer may not manage them (the API says 403). */
    private List<Json> shares(RecordKind k, String id) {
        try {
            return api.get("/api/v1/" + k.path + "/" + id + "/shares").items();
        } catch (ConsoleApi.Problem refused) {
            if (refused.status == 403) {
                return List.of();
            }
            throw refused;
        }
    }

    @PostMapping("/{kind:" + EntityType.STANDALONE_PATHS + "}/{id}")
    String update(
            @PathVariable String kind,
            @PathVariable String id,
            @RequestParam MultiValueMap<String, String> form,
            RedirectAttributes redirect) {
        RecordKind k = kind(kind);
        String shownVersion = form.getFirst("version");
        Json current = api.get("/api/v1/" + k.path + "/" + id);
        // Only what the form changed on the record travels: an emptied input as null (which empties
        // the field), an input left as it was not at all, so a field the viewer cannot see (shown
        // empty) is never written. A record that moved on since the form was shown is refused by the
        // API (412, the version does not match) whatever is sent.
        Map<String, Object> changed = inputs(form, numeric(k));
        changed.entrySet().removeIf(input -> same(input.getValue(), shown(current, input.getKey())));
        if (!changed.isEmpty() || !current.s("version").equals(shownVersion)) {
            api.patch("/api/v1/" + k.path + "/" + id, body(changed), shownVersion);
        }
        return Pages.saved(redirect, "/" + k.path + "/" + id);
    }

    /** What the record showed in the input of that name. */
    private static String shown(Json record, String input) {
        return input.startsWith(CUSTOM) ? record.get("fields").s(input.substring(CUSTOM.length())) : record.s(input);
    }

    /** Whether an input (null when left empty) holds what the record showed: numbers by value. */
    private static boolean same(Object entered, String shown) {
        if (entered == null) {
            return shown.isEmpty();
        }
        if (entered instanceof BigDecimal number && !shown.isEmpty()) {
            try {
                return number.compareTo(new BigDecimal(shown)) == 0;
            } catch (NumberFormatException notANumber) {
                return false;
            }
        }
        return entered.toString().equals(shown);
    }

    @PostMapping("/{kind:" + EntityType.STANDALONE_PATHS + "}/{id}/delete")
    String delete(@PathVariable String kind, @PathVariable String id, RedirectAttributes redirect) {
        RecordKind k = kind(kind);
        api.delete("/api/v1/" + k.path + "/" + id);
        return Pages.deleted(redirect, "/" + k.path);
    }

    @PostMapping("/{kind:" + EntityType.STANDALONE_PATHS + "}/{id}/activities")
    String logActivity(
            @PathVariable String kind,
            @PathVariable String id,
            @RequestParam String type,
            @RequestParam String subject,
            @RequestParam(defaultValue = "false") boolean done,
            RedirectAttributes redirect) {
        RecordKind k = kind(kind);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("subject", subject);
        body.put("done", done);
        body.put(k.entity + "Id", id);
        api.post("/api/v1/activities", body);
        return Pages.saved(redirect, "/" + k.path + "/" + id + "#activities");
    }

    @PostMapping("/{kind:" + EntityType.STANDALONE_PATHS + "}/{id}/notes")
    String addNote(
            @PathVariable String kind,
            @PathVariable String id,
            @RequestParam String body,
            RedirectAttributes redirect) {
        RecordKind k = kind(kind);
        api.post("/api/v1/notes", Map.of("body", body, k.entity + "Id", id));
        return Pages.saved(redirect, "/" + k.path + "/" + id + "#notes");
    }

    @PostMapping("/{kind:" + EntityType.STANDALONE_PATHS + "}/{id}/comments")
    String comment(
            @PathVariable String kind,
            @PathVariable String id,
            @RequestParam String body,
            @RequestParam(name = "private", defaultValue = "false") boolean privateComment,
            RedirectAttributes redirect) {
        RecordKind k = kind(kind);
        api.post("/api/v1/" + k.path + "/" + id + "/comments", Map.of("body", body, "private", privateComment));
        return Pages.saved(redirect, "/" + k.path + "/" + id + "#comments");
    }

    @PostMapping("/{kind:" + EntityType.STANDALONE_PATHS + "}/{id}/shares")
    String share(
            @PathVariable String kind,
            @PathVariable String id,
            @RequestParam String userId,
            @RequestParam String level,
            @RequestParam(required = false) String expiresAt,
            RedirectAttributes redirect) {
        RecordKind k = kind(kind);
        if (level.equals("NONE")) {
            api.delete("/api/v1/" + k.path + "/" + id + "/shares/" + userId);
        } else {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("level", level));
            Pages.putExpiry(body, expiresAt);
            api.put("/api/v1/" + k.path + "/" + id + "/shares/" + userId, body);
        }
        return Pages.saved(redirect, "/" + k.path + "/" + id + "#shares");
    }

    @GetMapping("/board")
    String board(@RequestParam(required = false) String pipelineId, Model model) {
        List<Json> pipelines = directory.pipelines();
        Json pipeline = pipelines.stream()
                .filter(p -> pipelineId == null || p.s("id").equals(pipelineId))
                .findFirst()
                .orElse(Json.of(null));
        // Each column shows its 50 latest deals; the list page has the rest of a fuller stage.
        Map<String, Json> columns = new LinkedHashMap<>();
        for (Json stage : pipeline.list("stages")) {
            columns.put(
                    stage.s("id"),
                    api.get("/api/v1/deals", query("stageId", stage.s("id"), "sort", "-updatedAt", "limit", 50)));
        }
        // Each stage's count and amounts over every deal the person may read (not only the 50 shown),
        // from the pipeline report, under the same scope and with a hidden amount left out.
        Map<String, Json> totals = new HashMap<>();
        if (!pipelines.isEmpty()) {
            api.get("/api/v1/reports/pipeline", query("pipelineId", pipeline.s("id")))
                    .list("stages")
                    .forEach(stage -> totals.put(stage.s("stageId"), stage));
        }
        model.addAttribute("pipelines", pipelines);
        model.addAttribute("pipeline", pipeline);
        model.addAttribute("columns", columns);
        model.addAttribute("totals", totals);
        model.addAttribute("names", directory.names());
        return "board";
    }

    /**
     * Moves a card to another stage, dragged or chosen; an htmx request gets the board back, or the
     * reason the move was refused in the board's message area: the stage permission the API names,
     * or the deal having changed since the board showed it (its version, sent as {@code If-Match}).
     */
    @PostMapping("/board/move")
    String move(
            @RequestParam String dealId,
            @RequestParam String stageId,
            @RequestParam String pipelineId,
            @RequestParam(required = false) String version,
            RedirectAttributes redirect) {
        if (version == null || version.isBlank()) {
            api.patch("/api/v1/deals/" + dealId, Map.of("stageId", stageId));
        } else {
            api.patch("/api/v1/deals/" + dealId, Map.of("stageId", stageId), version);
        }
        return Pages.moved(redirect, "/board?pipelineId=" + pipelineId);
    }

    /** The inputs whose values travel as JSON numbers: built-in and custom number fields. */
    private Set<String> numeric(RecordKind k) {
        Set<String> numbers = new HashSet<>(k.numbers());
        for (Json field : directory.fields(k.entity)) {
            if (field.s("type").equals("number")) {
                numbers.add(CUSTOM + field.s("key"));
            }
        }
        return numbers;
    }

    /** A custom field's input is named after its key with this prefix. */
    private static final String CUSTOM = "field.";

    /**
     * A record form's inputs by name, typed (numbers as numbers), an empty one as null; the page's
     * own inputs (version, CSRF token) left out.
     */
    private static Map<String, Object> inputs(MultiValueMap<String, String> form, Set<String> numeric) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            String value = values.isEmpty() ? "" : values.get(0);
            if (name.equals("version") || name.startsWith("_")) {
                return;
            }
            Object typed = value.isBlank() ? null : value;
            if (typed != null && numeric.contains(name)) {
                try {
                    typed = new BigDecimal(value.strip());
                } catch (NumberFormatException notANumber) {
                    typed = value; // the API names the field and says why
                }
            }
            inputs.put(name, typed);
        });
        return inputs;
    }

    /** The API's body for a record's inputs: built-in fields by name, custom ones under "fields". */
    private static Map<String, Object> body(Map<String, Object> inputs) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        inputs.forEach((name, value) -> {
            if (name.startsWith(CUSTOM)) {
                custom.put(name.substring(CUSTOM.length()), value);
            } else {
                body.put(name, value);
            }
        });
        if (!custom.isEmpty()) {
            body.put("fields", custom);
        }
        return body;
    }

    private static RecordKind kind(String path) {
        return RecordKind.of(path).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
