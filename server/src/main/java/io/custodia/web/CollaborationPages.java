package io.custodia.web;

import static io.custodia.web.ConsoleApi.query;

import io.custodia.platform.ConsolePage;
import io.custodia.policy.EntityType;
import io.custodia.policy.InboxTab;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Working with others: the conversations inbox, shared contact lists, notifications and access requests. */
@Controller
@ConsolePage
class CollaborationPages {
    private final ConsoleApi api;
    private final Directory directory;

    CollaborationPages(ConsoleApi api, Directory directory) {
        this.api = api;
        this.directory = directory;
    }

    @GetMapping("/conversations")
    String inbox(
            @RequestParam(defaultValue = "mine") String tab,
            @RequestParam(required = false) String teamId,
            Model model) {
        tabRows(tab, teamId, model);
        model.addAttribute("teams", directory.teams());
        model.addAttribute(
                "contacts",
                api.get("/api/v1/contacts", query("limit", 100, "sort", "name")).items());
        return "conversations/inbox";
    }

    /** The tab's rows alone: what the inbox asks for again when its live stream says something changed. */
    @GetMapping("/conversations/rows")
    String rows(
            @RequestParam(defaultValue = "mine") String tab,
            @RequestParam(required = false) String teamId,
            Model model) {
        tabRows(tab, teamId, model);
        return "conversations/rows";
    }

    /** The rows of one of the engine's inbox tabs (an unknown tab shows "mine"), of one team or all. */
    private void tabRows(String tab, String teamId, Model model) {
        String shown = Arrays.stream(InboxTab.values())
                .map(InboxTab::key)
                .filter(tab::equals)
                .findFirst()
                .orElse(InboxTab.MINE.key());
        model.addAttribute("tab", shown);
        model.addAttribute("teamId", teamId == null ? "" : teamId);
        model.addAttribute("teamNames", directory.teamNames());
        model.addAttribute(
                "items",
                api.get("/api/v1/conversations", query("tab", shown, "teamId", teamId, "limit", 50))
                        .items());
        model.addAttribute("names", directory.names());
    }

    @PostMapping("/conversations")
    String open(
            @RequestParam String teamId,
            @RequestParam String contactId,
            @RequestParam String subject,
            @RequestParam(defaultValue = "web") String channel,
            RedirectAttributes redirect) {
        Json opened = api.post(
                "/api/v1/conversations",
                Map.of("teamId", teamId, "contactId", contactId, "subject", subject, "channel", channel));
        return Pages.saved(redirect, "/conversations/" + opened.s("id"));
    }

    @GetMapping("/conversations/{id}")
    String conversation(@PathVariable String id, Model model) {
        model.addAttribute("c", api.get("/api/v1/conversations/" + id));
        model.addAttribute(
                "messages", api.get("/api/v1/conversations/" + id + "/messages").items());
        model.addAttribute("names", directory.names());
        model.addAttribute("me", api.get("/api/v1/me").s("id"));
        return "conversations/conversation";
    }

    @PostMapping("/conversations/{id}/{action:messages|assign|complete|reopen}")
    String act(
            @PathVariable String id,
            @PathVariable String action,
            @RequestParam(required = false) String body,
            @RequestParam(required = false) String attendantId,
            RedirectAttributes redirect) {
        Map<String, Object> payload = new LinkedHashMap<>();
        if (action.equals("messages")) {
            payload.put("body", body == null ? "" : body);
        } else if (action.equals("assign")) {
            payload.put("attendantId", attendantId == null || attendantId.isBlank() ? null : attendantId);
        }
        api.post("/api/v1/conversations/" + id + "/" + action, payload);
        return Pages.saved(redirect, "/conversations/" + id);
    }

    @GetMapping("/lists")
    String lists(Model model) {
        model.addAttribute("lists", api.get("/api/v1/lists").items());
        model.addAttribute("orphaned", orphanedLists());
        model.addAttribute("names", directory.names());
        return "lists/lists";
    }

    @PostMapping("/lists")
    String createList(@RequestParam String name, RedirectAttributes redirect) {
        Json created = api.post("/api/v1/lists", Map.of("name", name));
        return Pages.saved(redirect, "/lists/" + created.s("id"));
    }

    /** The lists of deactivated owners, for an administrator (users.manage) to hand on; empty for anyone else. */
    private List<Json> orphanedLists() {
        try {
            return api.get("/api/v1/lists", query("orphaned", true)).items();
        } catch (ConsoleApi.Problem notAnAdministrator) {
            if (notAnAdministrator.status != 403) {
                throw notAnAdministrator;
            }
            return List.of();
        }
    }

    @GetMapping("/lists/{id}")
    String list(@PathVariable String id, Model model) {
        Json list = api.get("/api/v1/lists/" + id);
        model.addAttribute("list", list);
        // An administrator looking after a deactivated owner's list is not on it: no contacts to show.
        List<Json> contacts = list.has("yourLevel")
                ? api.get("/api/v1/lists/" + id + "/contacts").items()
                : List.<Json>of();
        model.addAttribute("contacts", contacts);
        model.addAttribute("names", directory.names());
        // Contacts one may put on the list: those one's roles read (the contact's can.list), not on it yet.
        Set<String> onIt = contacts.stream().map(c -> c.s("id")).collect(Collectors.toSet());
        model.addAttribute(
                "candidates",
                api.get("/api/v1/contacts", query("limit", 100, "sort", "name")).items().stream()
                        .filter(c -> c.get("can").bool("list") && !onIt.contains(c.s("id")))
                        .toList());
        model.addAttribute("customFields", directory.fields(EntityType.CONTACT.key()));
        return "lists/list";
    }

    @PostMapping("/lists/{id}/members")
    String member(
            @PathVariable String id,
            @RequestParam String userId,
            @RequestParam String level,
            @RequestParam(required = false) String expiresAt,
            RedirectAttributes redirect) {
        if (level.equals("NONE")) {
            api.delete("/api/v1/lists/" + id + "/members/" + userId);
        } else {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("level", level));
            Pages.putExpiry(body, expiresAt);
            api.put("/api/v1/lists/" + id + "/members/" + userId, body);
        }
        return Pages.saved(redirect, "/lists/" + id);
    }

    @PostMapping("/lists/{id}/contacts")
    String addContact(@PathVariable String id, @RequestParam String contactId, RedirectAttributes redirect) {
        api.post("/api/v1/lists/" + id + "/contacts", Map.of("contactId", contactId));
        return Pages.saved(redirect, "/lists/" + id);
    }

    /** A new contact straight onto the list (EDIT and above); blank fields are left out. */
    @PostMapping("/lists/{id}/contacts/new")
    String newContact(
            @PathVariable String id,
            @RequestParam(required = false) String firstName,
            @RequestParam(required = false) String lastName,
            @RequestParam(required = false) String email,
            @RequestParam(required = false) String phone,
            RedirectAttributes redirect) {
        api.post(
                "/api/v1/lists/" + id + "/contacts",
                query("firstName", firstName, "lastName", lastName, "email", email, "phone", phone));
        return Pages.saved(redirect, "/lists/" + id);
    }

    @PostMapping("/lists/{id}/contacts/{contactId}/remove")
    String removeContact(@PathVariable String id, @PathVariable String contactId, RedirectAttributes redirect) {
        api.delete("/api/v1/lists/" + id + "/contacts/" + contactId);
        return Pages.saved(redirect, "/lists/" + id);
    }

    /** The hidden fields as one comma- or space-separated line, the way an administrator types them. */
    @PostMapping("/lists/{id}/hidden-fields")
    String hiddenFields(
            @PathVariable String id, @RequestParam(required = false) List<String> fields, RedirectAttributes redirect) {
        // One checkbox per field: none ticked sends no parameter, which hides nothing.
        api.put("/api/v1/lists/" + id + "/hidden-fields", fields == null ? List.of() : fields);
        return Pages.saved(redirect, "/lists/" + id);
    }

    @PostMapping("/lists/{id}/rename")
    String rename(@PathVariable String id, @RequestParam String name, RedirectAttributes redirect) {
        api.patch("/api/v1/lists/" + id, Map.of("name", name));
        return Pages.saved(redirect, "/lists/" + id);
    }

    @PostMapping("/lists/{id}/transfer")
    String transfer(@PathVariable String id, @RequestParam String userId, RedirectAttributes redirect) {
        Json after = api.post("/api/v1/lists/" + id + "/transfer", Map.of("userId", userId));
        // An administrator who handed on a deactivated owner's list no longer sees it.
        return Pages.saved(redirect, after.has("yourLevel") ? "/lists/" + id : "/lists");
    }

    @PostMapping("/lists/{id}/delete")
    String deleteList(@PathVariable String id, RedirectAttributes redirect) {
        api.delete("/api/v1/lists/" + id);
        return Pages.deleted(redirect, "/lists");
    }

    @GetMapping("/notifications")
    String notifications(Model model) {
        model.addAttribute("items", api.get("/api/v1/notifications").items());
        return "notifications";
    }

    @PostMapping("/notifications/{id}/read")
    String read(@PathVariable String id) {
        api.post("/api/v1/notifications/" + id + "/read", Map.of());
        return "redirect:/notifications";
    }

    @PostMapping("/access-requests")
    String ask(@RequestParam String recordType, @RequestParam String recordId, RedirectAttributes redirect) {
        api.post("/api/v1/access-requests", Map.of("recordType", recordType, "recordId", recordId));
        return Pages.asked(redirect, "/access-requests");
    }

    /**
     * The access requests; or, with a record (a mention e-mail's link), that record at the comment
     * when the reader may read it, and the "access required" screen with a request button when not:
     * the same screen for a record that does not exist, so the link tells nothing.
     */
    @GetMapping("/access-requests")
    String requests(
            @RequestParam(required = false) String recordType,
            @RequestParam(required = false) String recordId,
            @RequestParam(required = false) String commentId,
            Model model) {
        if (recordType != null || recordId != null) {
            return mentioned(recordType, recordId, commentId, model);
        }
        model.addAttribute("items", api.get("/api/v1/access-requests").items());
        model.addAttribute("names", directory.names());
        return "requests";
    }

    private String mentioned(String recordType, String recordId, String commentId, Model model) {
        Optional<RecordKind> kind = RecordKind.ofEntity(String.valueOf(recordType));
        UUID record = uuidOrNull(recordId);
        UUID comment = uuidOrNull(commentId);
        if (kind.isPresent() && record != null) {
            try {
                api.get("/api/v1/" + kind.get().path + "/" + record);
                return "redirect:/" + kind.get().path + "/" + record + (comment == null ? "" : "#comment-" + comment);
            } catch (ConsoleApi.Problem unreadable) {
                if (unreadable.status != 404) {
                    throw unreadable;
                }
            }
        }
        model.addAttribute("recordType", kind.isPresent() && record != null ? kind.get().entity : null);
        model.addAttribute("recordId", record == null ? null : record.toString());
        return "accessRequired";
    }

    private static UUID uuidOrNull(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    @PostMapping("/access-requests/{id}/{decision:approve|deny}")
    String decide(@PathVariable String id, @PathVariable String decision, RedirectAttributes redirect) {
        api.post("/api/v1/access-requests/" + id + "/" + decision, Map.of());
        return Pages.saved(redirect, "/access-requests");
    }
}
